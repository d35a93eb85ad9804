package io.kubetrace.jobs.cli;

import io.kubetrace.gateway.GatewayCommand;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
            SendCommand.class,
            SimulateCommand.class,
            OtlpReceiverCommand.class
        })
public final class KubetraceCli implements Runnable {

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CommandLine.IExecutionExceptionHandler describe = cli.getExecutionExceptionHandler();
        cli.setExecutionExceptionHandler(
                (exception, commandLine, parseResult) -> {
                    failure.set(exception);
                    return describe.handleExecutionException(exception, commandLine, parseResult);
                });
        finish(cli.execute(args), failure.get(), System::exit);
    }

    /**
     * Ends the process with the command's exit code, unless Flink runs this main inside a cluster
     * (the operator's application mode, where it runs in the JobManager's JVM, which an exit would
     * stop together with the job it just submitted; or {@code flink run}, in the client's JVM). A
     * failure then reaches Flink as an exception with its cause, so the deployment's status shows
     * why.
     *
     * @param failure what made the command fail; {@code null} when it did not throw (such as
     *     arguments it could not parse)
     */
    static void finish(int exitCode, Exception failure, IntConsumer exit) {
        if (StreamExecutionEnvironment.areExplicitEnvironmentsAllowed()) {
            exit.accept(exitCode);
        } else if (exitCode != 0) {
            throw new IllegalStateException(
                    "kubetrace ended with exit code "
                            + exitCode
                            + (failure == null
                                    ? "; the error is logged above"
                                    : ": " + CliErrors.describe(failure)),
                    failure);
        }
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
