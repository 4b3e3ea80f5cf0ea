package dev.plmlab.datasetprep;

import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.science.data.DataParts;
import dev.plmlab.science.data.DataRecord;
import dev.plmlab.science.data.DatasetException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read records → the examples later stages use. Classification targets become indices into the
 * class names fitted once over all parts; per-residue datasets list their label letters as
 * classes.
 */
final class ExampleConversion {
    private ExampleConversion() {
    }

    static PreparedDataset toPrepared(String name, String split, TaskType type, DataParts parts) {
        List<String> classes = switch (type) {
            case REGRESSION -> List.of();
            case CLASSIFICATION -> parts.classNames();
            case PER_RESIDUE_CLASSIFICATION -> parts.labelLetters();
        };
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        return new PreparedDataset(name, split, type, classes, examples(parts.train(), type, index),
                examples(parts.validation(), type, index), examples(parts.test(), type, index));
    }

    private static List<Example> examples(List<DataRecord> part, TaskType type, Map<String, Integer> classes) {
        return part.stream().map(r -> switch (type) {
            case REGRESSION -> {
                if (r.value() == null) {
                    throw new DatasetException("internal: a regression record without a value: " + r.id());
                }
                yield new Example(r.id(), r.sequence(), r.value(), null, null);
            }
            case CLASSIFICATION -> new Example(r.id(), r.sequence(), (double) classes.get(r.className()), null, null);
            case PER_RESIDUE_CLASSIFICATION -> new Example(r.id(), r.sequence(), null, r.labels(), r.mask());
        }).toList();
    }
}
