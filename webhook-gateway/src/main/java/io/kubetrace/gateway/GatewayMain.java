package io.kubetrace.gateway;

import java.io.IOException;
import picocli.CommandLine;

/** Main class of the gateway's own jar ({@code java -jar kubetrace-gateway.jar --config FILE}). */
public final class GatewayMain {

    private GatewayMain() {}

    public static void main(String[] args) {
        // The jar's logging, unless the deployment names its own; set before any logger exists.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:log4j2-gateway.properties");
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * The gateway command with one-line error messages, as the kubetrace CLI prints them; a stack
     * trace only for what is not the user's to fix (a bad setting, a busy port, a missing file).
     */
    static CommandLine commandLine() {
        return new CommandLine(new GatewayCommand())
                .setExecutionExceptionHandler(
                        (exception, commandLine, parseResult) -> {
                            commandLine
                                    .getErr()
                                    .println("kubetrace gateway: " + exception.getMessage());
                            if (!isExpected(exception)) {
                                exception.printStackTrace(commandLine.getErr());
                            }
                            return 1;
                        });
    }

    private static boolean isExpected(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException || cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
