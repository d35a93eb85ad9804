package io.kubetrace.jobs.cli;

import io.kubetrace.gateway.GatewayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kubetrace} command line: one entry point for people, scripts and Flink clusters. */
@Command(
        name = "kubetrace",
        mixinStandardHelpOptions = true,
        version = "kubetrace 0.1.0",
        description =
                "Turns Kubernetes audit events, object versions and Events into distributed traces"
                        + " of object lifecycles.",
        subcommands = {
            DemoCommand.class,
            BackfillCommand.class,
            RunCommand.class,
            GatewayCommand.class,
            SimulateCommand.class,
            OtlpReceiverCommand.class
        })
public final class KubetraceCli implements Runnable {

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with kubetrace's error handling, for {@code main} and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new KubetraceCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(
                        (exception, commandLine, parseResult) -> {
                            commandLine
                                    .getErr()
                                    .println(
                                            "kubetrace "
                                                    + commandLine.getCommandName()
                                                    + ": "
                                                    + CliErrors.describe(exception));
                            if (!CliErrors.isExpected(exception)) {
                                exception.printStackTrace(commandLine.getErr());
                            }
                            return 1;
                        });
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
