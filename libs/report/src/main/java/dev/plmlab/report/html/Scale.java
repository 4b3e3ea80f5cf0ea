package dev.plmlab.report.html;

/** Maps data values on {@code d0..d1} to pixels on {@code r0..r1}, linearly or by log10. */
record Scale(double d0, double d1, double r0, double r1, boolean log) {

    Scale {
        if (!(d1 > d0) || (log && !(d0 > 0))) {
            throw new IllegalArgumentException("not a domain: " + d0 + " .. " + d1 + (log ? " (log)" : ""));
        }
    }

    double map(double v) {
        double t = log ? (Math.log10(v) - Math.log10(d0)) / (Math.log10(d1) - Math.log10(d0)) : (v - d0) / (d1 - d0);
        return r0 + t * (r1 - r0);
    }

    boolean contains(double v) {
        return v >= d0 && v <= d1;
    }
}
