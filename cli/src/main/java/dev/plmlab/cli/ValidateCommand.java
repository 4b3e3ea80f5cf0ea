package dev.plmlab.cli;

import dev.plmlab.model.spec.InvalidSpecException;
import dev.plmlab.model.spec.SpecError;
import dev.plmlab.model.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Checks a spec without running it. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check an experiment spec: prints 'valid', or every error with its path; exits 0 or 1.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "the experiment spec (YAML)")
    Path spec;

    @Override
    public Integer call() {
        List<SpecError> errors;
        try {
            errors = SpecReader.validate(SpecReader.readText(spec));
        } catch (IOException e) {
            System.err.println(spec + ": cannot read the spec: " + e.getMessage());
            return 1;
        } catch (InvalidSpecException e) {
            errors = e.errors();
        }
        if (errors.isEmpty()) {
            System.out.println(spec + ": valid");
            return 0;
        }
        System.out.println(spec + ": " + errors.size() + " error(s)");
        errors.forEach(e -> System.out.println("  " + e));
        return 1;
    }
}
