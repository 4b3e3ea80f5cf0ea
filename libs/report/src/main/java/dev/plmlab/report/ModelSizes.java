package dev.plmlab.report;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parameter counts read from catalogue size tags: {@code t6_8M} is 8 million, {@code 600k} 600 thousand. */
final class ModelSizes {

    private static final Pattern COUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)([kMB])$");

    private ModelSizes() {
    }

    static OptionalDouble parameters(String size) {
        if (size == null) {
            return OptionalDouble.empty();
        }
        Matcher m = COUNT.matcher(size);
        if (!m.find()) {
            return OptionalDouble.empty();
        }
        double scale = switch (m.group(2)) {
            case "k" -> 1e3;
            case "M" -> 1e6;
            default -> 1e9;
        };
        return OptionalDouble.of(Double.parseDouble(m.group(1)) * scale);
    }
}
