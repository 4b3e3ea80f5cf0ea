package dev.plmlab.model.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec with one or more errors; carries all of them. */
public class InvalidSpecException extends Exception {

    private final List<SpecError> errors;

    public InvalidSpecException(List<SpecError> errors) {
        super(errors.size() + " error(s) in spec:\n" + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() {
        return errors;
    }
}
