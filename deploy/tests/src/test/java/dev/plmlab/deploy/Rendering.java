package dev.plmlab.deploy;

import java.util.List;

/**
 * One way to install the chart: values files (paths in the repository) and then values given as YAML,
 * in the order {@code helm -f a.yaml -f b.yaml} takes them.
 */
record Rendering(String name, List<String> valuesFiles, String values) {

    Rendering {
        valuesFiles = List.copyOf(valuesFiles);
        values = values == null ? "" : values;
    }

    /** The chart's values.yaml only. */
    static Rendering defaults() {
        return new Rendering("defaults", List.of(), "");
    }

    /** A values profile shipped in the repository. */
    static Rendering profile(String valuesFile) {
        String name = valuesFile.substring(valuesFile.lastIndexOf('/') + 1).replace(".yaml", "");
        return new Rendering(name, List.of(valuesFile), "");
    }

    /** The defaults with some values switched on. */
    static Rendering option(String name, String yaml) {
        return new Rendering(name, List.of(), yaml);
    }

    /** A profile with some values switched on as well. */
    static Rendering profileWith(String valuesFile, String name, String yaml) {
        return new Rendering(profile(valuesFile).name() + "+" + name, List.of(valuesFile), yaml);
    }

    @Override
    public String toString() {
        return name;
    }
}
