package dev.plmlab.cli;

import dev.plmlab.cli.forge.CommandFailure;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.Progress;
import dev.plmlab.model.plan.ExperimentStatus;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.StoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Where experiments stand, from the status the orchestrator keeps in the object store. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show every experiment (or one) with its jobs per stage and whether its report is written, from the "
                + "local state folder or a deployment's S3.")
final class StatusCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT", description = "an experiment id; all when left out")
    String experimentId;

    @Mixin
    StoreAccess access = new StoreAccess();

    private final PrintStream console;

    StatusCommand() {
        this(System.out);
    }

    StatusCommand(PrintStream console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        try (StoreAccess.Opened opened = access.open(System::getenv)) {
            ObjectStore store = opened.store();
            if (experimentId != null) {
                Optional<ExperimentStatus> status = read(store, experimentId);
                if (status.isEmpty()) {
                    console.println("no experiment " + experimentId + " in " + opened.where());
                    return 1;
                }
                detail(store, status.get());
                return 0;
            }
            List<ExperimentStatus> all = store.list(ObjectKeys.EXPERIMENTS).stream().filter(k -> k.endsWith("/status.json"))
                    .map(k -> k.substring(ObjectKeys.EXPERIMENTS.length(), k.length() - "/status.json".length()))
                    .map(id -> read(store, id)).flatMap(Optional::stream)
                    .sorted(Comparator.comparingLong(ExperimentStatus::startedAtMillis)).toList();
            if (all.isEmpty()) {
                console.println("no experiments in " + opened.where());
                return 0;
            }
            console.println(all.size() + " experiment(s) in " + opened.where() + ":");
            for (ExperimentStatus s : all) {
                console.println("  " + s.experimentId() + "  " + s.name() + "  started " + Instant.ofEpochMilli(s.startedAtMillis())
                        + "  " + state(store, s) + "  " + String.join(", ", s.stages().stream().map(StatusCommand::brief).toList()));
            }
            return 0;
        } catch (CommandFailure e) {
            console.println(e.getMessage());
            return 1;
        } catch (StoreException e) {
            console.println("cannot read the object store: " + e.getMessage());
            return 1;
        }
    }

    private void detail(ObjectStore store, ExperimentStatus s) {
        console.println(s.name() + " (" + s.experimentId() + "): " + state(store, s));
        console.println("  started " + Instant.ofEpochMilli(s.startedAtMillis()) + ", last update "
                + Instant.ofEpochMilli(s.updatedAtMillis()));
        for (Progress p : s.stages()) {
            console.println("  " + p.stage() + ": " + p.done() + " of " + p.total() + " done (" + p.cached() + " reused), "
                    + p.failed() + " failed");
        }
        if (store.exists(ObjectKeys.reportHtml(s.experimentId()))) {
            console.println("  report: " + ObjectKeys.resultsCsv(s.experimentId()) + ", " + ObjectKeys.reportMarkdown(s.experimentId())
                    + ", " + ObjectKeys.reportHtml(s.experimentId()) + " (plmlab report " + s.experimentId() + " --out DIR)");
        }
    }

    private static String state(ObjectStore store, ExperimentStatus s) {
        if (store.exists(ObjectKeys.reportMarkdown(s.experimentId()))) {
            return "reported";
        }
        return s.reported() ? "finished, report being written" : "running (or stopped before it finished)";
    }

    private static String brief(Progress p) {
        return p.stage() + " " + p.done() + "/" + p.total() + (p.failed() > 0 ? " (" + p.failed() + " failed)" : "");
    }

    private static Optional<ExperimentStatus> read(ObjectStore store, String id) {
        return store.get(ObjectKeys.experimentStatus(id)).map(bytes -> {
            try {
                return Messages.mapper().readValue(bytes, ExperimentStatus.class);
            } catch (IOException e) {
                throw new IllegalStateException("the status of experiment " + id + " is not readable: " + e.getMessage(), e);
            }
        });
    }
}
