package dev.plmlab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code plmlab} command line in this JVM, capturing what it prints. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Plmlab())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        CliRun run = new CliRun(code, out.toString(), err.toString());
        // visible in the surefire report when a test fails
        System.out.println("plmlab " + String.join(" ", args) + "\n-> exit " + code + "\n" + run.out + run.err);
        return run;
    }
}
