package dev.plmlab.cli;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.cli.forge.CommandFailure;
import dev.plmlab.model.messages.ReportReady;
import dev.plmlab.report.StoredReports;
import dev.plmlab.store.StoreException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes an experiment's report again from its stored results, with this version's statistics and plots. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Re-render an experiment's results.csv, report.md and report.html from its stored results "
                + "(local state folder or a deployment's S3), into DIR and back into the store.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "the experiment id (plmlab status lists them)")
    String experimentId;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where results.csv, report.md and report.html go")
    Path out;

    @Mixin
    StoreAccess access = new StoreAccess();

    private final PrintStream console;

    ReportCommand() {
        this(System.out);
    }

    ReportCommand(PrintStream console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        try (StoreAccess.Opened opened = access.open(System::getenv)) {
            ReportReady ready;
            try {
                ready = StoredReports.rewrite(opened.store(), experimentId);
            } catch (IllegalArgumentException e) {
                console.println(e.getMessage());
                return 1;
            }
            Files.createDirectories(out);
            opened.store().download(ready.resultsCsvKey(), out.resolve("results.csv"));
            opened.store().download(ready.reportMarkdownKey(), out.resolve("report.md"));
            opened.store().download(ready.reportHtmlKey(), out.resolve("report.html"));
            opened.store().download(ObjectKeys.statisticsCsv(experimentId), out.resolve("statistics.csv"));
            console.println("report of " + ready.name() + " (" + experimentId + "): " + ready.results() + " result(s), "
                    + ready.failures() + " failed job(s), from " + opened.where());
            console.println("wrote " + out.resolve("results.csv") + ", " + out.resolve("report.md") + " and "
                    + out.resolve("report.html"));
            return 0;
        } catch (CommandFailure e) {
            console.println(e.getMessage());
            return 1;
        } catch (StoreException e) {
            console.println("cannot read the object store: " + e.getMessage());
            return 1;
        }
    }
}
