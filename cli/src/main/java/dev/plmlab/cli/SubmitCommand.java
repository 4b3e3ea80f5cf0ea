package dev.plmlab.cli;

import dev.plmlab.cli.forge.CommandFailure;
import dev.plmlab.cli.forge.S3Options;
import dev.plmlab.cli.local.ExperimentClient;
import dev.plmlab.cli.local.ProgressView;
import dev.plmlab.model.spec.InvalidSpecException;
import dev.plmlab.model.spec.SpecReader;
import dev.plmlab.cli.upload.SpecUploads;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.RetryListener;
import dev.plmlab.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
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

    @Option(names = "--s3-bucket", paramLabel = "BUCKET", defaultValue = "plmlab",
            description = "the deployment's bucket, where the spec's own files are uploaded (default: ${DEFAULT-VALUE})")
    String bucket;

    @ArgGroup(exclusive = false, heading = "The deployment's object store, for specs that name files of their own:%n")
    S3Options s3 = new S3Options();

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
        String sent;
        try {
            sent = upload(text);
        } catch (IOException | CommandFailure | StoreException e) {
            System.out.println(spec + ": " + e.getMessage());
            return 1;
        }
        ExperimentClient.Outcome outcome = new ExperimentClient(bootstrapServers).submitAndFollow(sent,
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

    /**
     * Uploads the files the spec names by path, by content, to the deployment's store, and returns the spec
     * that names them by reference; services never read a path of a submitted spec.
     */
    private String upload(String text) throws IOException, CommandFailure {
        SpecUploads uploads = SpecUploads.of(text, spec.toAbsolutePath().getParent());
        if (uploads.uploads().isEmpty()) {
            return text;
        }
        if (!s3.endpointGiven(System::getenv)) {
            throw new CommandFailure("the spec names files of its own (" + uploads.uploads().stream().map(u -> u.field() + " "
                    + u.path()).collect(java.util.stream.Collectors.joining(", ")) + "); give the deployment's store with"
                    + " --s3-endpoint (or " + S3Options.ENDPOINT_ENV + ") so they can be uploaded");
        }
        try (ObjectStore store = new ObjectStore(s3.settings(bucket, System::getenv), StoreAccess.CLIENT_RETRY,
                RetryListener.NONE)) {
            int sent = uploads.upload(store, System.out::println);
            System.out.println(uploads.uploads().size() + " file(s) of the spec in the store (" + sent + " uploaded now)");
        }
        return uploads.rewrittenSpec();
    }
}
