package dev.plmlab.cli;

import dev.plmlab.cli.plan.ExperimentPlan;
import dev.plmlab.cli.plan.PlanReport;
import dev.plmlab.model.spec.ExperimentSpec;
import dev.plmlab.model.spec.InvalidSpecException;
import dev.plmlab.model.spec.SpecReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Says what a spec would run, what is already stored and what it would cost, without running anything. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what a spec would run before it runs: jobs per stage and how many are stored in the local"
                + " state folder, experiments, sequences and tokens per model, feature storage and estimated time."
                + " Starts nothing; exits 1 for an invalid spec.")
final class PlanCommand implements Callable<Integer> {

    /** As the dataset locator reads it (libs/science DatasetLocator.SHARED_DATA_PROPERTY / _ENV). */
    static final String SHARED_DATA_PROPERTY = "plmlab.shared.data";
    static final String SHARED_DATA_ENV = "PLMLAB_DATA";

    @Parameters(index = "0", paramLabel = "SPEC", description = "the experiment spec (YAML)")
    Path spec;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = ".plmlab",
            description = "the state folder of `plmlab run` whose stored objects count as done (default: ${DEFAULT-VALUE})")
    Path state;

    @Option(names = "--data", paramLabel = "DIR",
            description = "a folder with dataset files at the shared layout (flip/gb1/splits.zip, ...); looked at first,"
                    + " then the checkout's ../shared/data (or -D" + SHARED_DATA_PROPERTY + ", $" + SHARED_DATA_ENV
                    + ") and the state folder's download cache")
    Path data;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        String text;
        ExperimentSpec parsed;
        try {
            text = SpecReader.readText(spec);
            parsed = SpecReader.parse(text);
        } catch (IOException e) {
            out.println(spec + ": cannot read the spec: " + e.getMessage());
            return 1;
        } catch (InvalidSpecException e) {
            out.println(spec + ": " + e.errors().size() + " error(s)");
            e.errors().forEach(error -> out.println("  " + error));
            return 1;
        }
        Path specDir = spec.toAbsolutePath().getParent();
        ExperimentPlan plan = ExperimentPlan.of(parsed, specDir, state, dataFolders());
        out.print(PlanReport.render(plan, spec.toString()));
        out.flush();
        return 0;
    }

    /** Where dataset-prep's locator would find files without a download, in its order; then local mode's cache. */
    private List<Path> dataFolders() {
        List<Path> folders = new ArrayList<>();
        if (data != null) {
            folders.add(data);
        }
        // local mode hands dataset-prep the checkout's shared folder, which the locator prefers to property and env
        Path shared = null;
        try {
            shared = RepoLayout.locate().sharedData().orElse(null);
        } catch (IllegalStateException e) {
            // not inside a checkout
        }
        String property = System.getProperty(SHARED_DATA_PROPERTY);
        String env = System.getenv(SHARED_DATA_ENV);
        if (shared != null) {
            folders.add(shared);
        } else if (property != null && !property.isBlank()) {
            folders.add(Path.of(property));
        } else if (env != null && !env.isBlank()) {
            folders.add(Path.of(env));
        }
        folders.add(state.resolve("cache")); // LocalStack's plmlab.data.cache
        return folders;
    }
}
