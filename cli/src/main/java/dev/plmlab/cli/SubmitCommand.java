package dev.plmlab.cli;

import dev.plmlab.cli.local.ExperimentClient;
import dev.plmlab.cli.local.ProgressView;
import dev.plmlab.model.spec.InvalidSpecException;
import dev.plmlab.model.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Submits a spec to a running plmlab (a cluster, or another machine's local mode) and follows it. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit an experiment to a running plmlab over Kafka and follow its progress until the report is ready.")
final class SubmitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "the experiment spec (YAML)")
    Path spec;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", required = true, defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
            description = "the deployment's Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS)")
    String bootstrapServers;

    @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "720", description = "stop following after this long (default: ${DEFAULT-VALUE})")
    long timeoutMinutes;

    @Override
    public Integer call() throws IOException {
        String text;
        try {
            text = SpecReader.readText(spec);
            SpecReader.parse(text);
        } catch (InvalidSpecException e) {
            System.out.println(spec + ": " + e.errors().size() + " error(s)");
            e.errors().forEach(error -> System.out.println("  " + error));
            return 1;
        }
        ExperimentClient.Outcome outcome = new ExperimentClient(bootstrapServers).submitAndFollow(text,
                Duration.ofMinutes(timeoutMinutes), System.out::println, new ProgressView(System.out, System.console() != null));
        if (outcome.rejected()) {
            System.out.println("rejected:");
            outcome.rejections().get(0).errors().forEach(e -> System.out.println("  " + e));
            return 1;
        }
        outcome.failures().forEach(f -> System.out.println("FAILED " + f.stage() + " job for task " + f.taskName() + ": " + f.message()));
        System.out.println("report ready: s3 keys " + outcome.report().resultsCsvKey() + ", " + outcome.report().reportMarkdownKey()
                + " and " + outcome.report().reportHtmlKey());
        return outcome.failures().isEmpty() ? 0 : RunCommand.PARTIAL;
    }
}
