package dev.plmlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code plmlab} command. */
@Command(name = "plmlab", mixinStandardHelpOptions = true, version = "plmlab 0.1.0",
        description = "Transfer-learning experiments with protein language models: one spec, every layer, every model.",
        subcommands = {ValidateCommand.class, PlanCommand.class, RunCommand.class, SubmitCommand.class, StatusCommand.class,
                ReportCommand.class, ForgeCommand.class, EmbedCommand.class})
public final class Plmlab {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Plmlab()).execute(args));
    }
}
