package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plmlab.cli.local.ExperimentClient;
import dev.plmlab.cli.local.LocalStack;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.ReportReady;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.S3Settings;
import dev.plmlab.testkit.KafkaTopicClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any Kafka client can submit: Debian's kcat, not plmlab's client, puts examples/gb1-onehot.yaml on
 * plmlab.experiments as a bare {"specText": ...} keyed by the experiment id it wants, and the experiment runs
 * to its report. The README shows the same command.
 */
class KcatSubmitIT {

    @TempDir
    Path work;

    private static String logTails(Path state) throws IOException {
        StringBuilder tails = new StringBuilder();
        try (var logs = Files.list(state.resolve("logs"))) {
            for (Path log : logs.sorted().toList()) {
                java.util.List<String> lines = Files.readAllLines(log);
                tails.append("---- ").append(log.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()))).append('\n');
            }
        }
        return tails.toString();
    }

    @Test
    void anExperimentSubmittedWithKcatRunsToItsReport() throws Exception {
        Path kcat = Path.of("/usr/bin/kcat");
        if (!Files.isExecutable(kcat)) {
            String why = "KcatSubmitIT SKIPPED: Debian's kcat is not installed (/usr/bin/kcat); `apt-get install kcat`"
                    + " (.ci/run installs it)";
            System.err.println(why);
            Assumptions.abort(why);
        }
        String specText = Files.readString(RepoLayout.locate().root().resolve("examples/gb1-onehot.yaml"));
        ObjectNode submission = Messages.mapper().createObjectNode().put("specText", specText);
        String experimentId = "gb1-from-kcat";
        try (LocalStack stack = LocalStack.start(RepoLayout.locate(), work.resolve("state"), work, System.out::println)) {
            new ExperimentClient(stack.kafkaBootstrapServers()).ensureTopics();
            // one message per line on kcat's stdin; the JSON has its newlines escaped
            Process producer = new ProcessBuilder(kcat.toString(), "-P", "-b", stack.kafkaBootstrapServers(),
                    "-t", Topics.EXPERIMENTS, "-k", experimentId).redirectErrorStream(true).start();
            producer.getOutputStream().write((Messages.mapper().writeValueAsString(submission) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            producer.getOutputStream().close();
            assertTrue(producer.waitFor(60, TimeUnit.SECONDS), "kcat finished");
            String kcatOutput = new String(producer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, producer.exitValue(), "kcat: " + kcatOutput);

            ReportReady report;
            try (KafkaTopicClient kafka = new KafkaTopicClient(stack.kafkaBootstrapServers())) {
                report = kafka.await(Topics.REPORTS_READY, Duration.ofMinutes(8),
                        json -> Messages.fromJson(json, ReportReady.class, Topics.REPORTS_READY),
                        r -> experimentId.equals(r.experimentId()));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + logTails(stack.stateFolder()), e);
            }
            Map<String, String> c = stack.config();
            try (ObjectStore store = new ObjectStore(new S3Settings(c.get("plmlab.s3.endpoint"), c.get("plmlab.s3.access-key"),
                    c.get("plmlab.s3.secret-key"), LocalStack.BUCKET, c.get("plmlab.s3.region")))) {
                String csv = new String(store.get(report.resultsCsvKey()).orElseThrow(() -> new IOException("no results.csv")),
                        StandardCharsets.UTF_8);
                assertTrue(csv.startsWith("experiment,task,split,model"), csv);
                assertEquals(experimentId, report.experimentId(), "the record key became the experiment id");
                for (String split : java.util.List.of("sampled", "low_vs_high", "two_vs_rest")) {
                    assertTrue(csv.lines().anyMatch(l -> l.startsWith("gb1-onehot,gb1," + split + ",one-hot,") && l.contains(",ridge,42,spearman,")),
                            "a one-hot ridge Spearman row of GB1 " + split + ":\n" + csv);
                }
            }
        }
    }
}
