package io.kubetrace.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU time of a Java Flight Recording went: its execution samples counted by thread (a
 * Flink task's thread is named after its operators), by what the code was doing, and by the method
 * on top of the stack.
 *
 * <p>What the code was doing is decided by the innermost frame that says it: Jackson parsing or
 * writing, Flink's serializers (records between tasks, state values), RocksDB, a kubetrace class,
 * regular expressions, date parsing, hashing. Frames that only serve others (collections, strings,
 * Jackson's tree nodes) are passed over; a sample with no such frame is named by its top frame.
 */
final class ProfileSummary {

    /** A Flink task thread's subtask suffix, as in {@code link objects (2/2)#0}. */
    private static final Pattern SUBTASK = Pattern.compile(" \\(\\d+/\\d+\\)#\\d+$");

    private static final int TOP = 15;

    private ProfileSummary() {}

    /**
     * @param samples execution samples in the recording
     * @param byThread share of samples per thread (subtasks of one task together)
     * @param byActivity share of samples per activity, as the class comment says
     * @param byTopMethod share of samples per method on top of the stack
     */
    record Profile(
            long samples,
            Map<String, Double> byThread,
            Map<String, Double> byActivity,
            Map<String, Double> byTopMethod) {}

    static Profile of(Path recording) throws IOException {
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> activities = new HashMap<>();
        Map<String, Long> methods = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            RecordedThread thread = event.getThread("sampledThread");
            String threadName = thread == null ? "?" : thread.getJavaName();
            threads.merge(SUBTASK.matcher(threadName).replaceFirst(""), 1L, Long::sum);
            activities.merge(activity(stack.getFrames()), 1L, Long::sum);
            methods.merge(method(stack.getFrames().get(0)), 1L, Long::sum);
        }
        return new Profile(
                samples, top(threads, samples), top(activities, samples), top(methods, samples));
    }

    static String activity(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            String method = frame.getMethod().getName();
            if (type.startsWith("com.fasterxml.jackson.")) {
                if (type.contains(".deser.")
                        || type.contains("Parser")
                        || type.contains(".sym.")
                        || method.startsWith("readTree")) {
                    return "Jackson: parse JSON";
                }
                if (type.contains(".ser.")
                        || type.contains("Generator")
                        || method.equals("serialize")) {
                    return "Jackson: write JSON";
                }
            } else if (type.startsWith("org.rocksdb.")
                    || type.startsWith("org.apache.flink.state.rocksdb.")) {
                return "RocksDB state access";
            } else if (type.startsWith("org.apache.flink.api.common.typeutils.")
                    || type.startsWith("org.apache.flink.api.java.typeutils.")
                    || type.startsWith("org.apache.flink.types.")
                    || type.startsWith("org.apache.flink.streaming.runtime.streamrecord.")
                    || type.startsWith("org.apache.flink.core.memory.")) {
                return "Flink: serialize, copy, deserialize records and state";
            } else if (type.startsWith("io.kubetrace.")
                    && !type.startsWith("io.kubetrace.bench.")) {
                return "kubetrace: " + simpleName(type);
            } else if (type.startsWith("java.util.regex.")) {
                return "regular expressions";
            } else if (type.startsWith("java.time.format.")) {
                return "date and time parsing";
            } else if (type.startsWith("sun.security.provider.")) {
                return "hashing";
            } else if (type.startsWith("java.util.zip.")) {
                return "gzip";
            }
        }
        return "other: " + simpleName(frames.get(0).getMethod().getType().getName());
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String simpleName(String type) {
        String simple = type.substring(type.lastIndexOf('.') + 1);
        int lambda = simple.indexOf("$$Lambda");
        return lambda < 0 ? simple : simple.substring(0, lambda);
    }

    private static Map<String, Double> top(Map<String, Long> counts, long samples) {
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(TOP)
                .forEach(entry -> shares.put(entry.getKey(), (double) entry.getValue() / samples));
        return shares;
    }

    public static void main(String[] args) throws IOException {
        Profile profile = of(Path.of(args[0]));
        System.out.println(profile.samples() + " samples");
        for (Map<String, Double> shares :
                List.of(profile.byThread(), profile.byActivity(), profile.byTopMethod())) {
            shares.forEach((name, share) -> System.out.printf("%5.1f%%  %s%n", share * 100, name));
            System.out.println();
        }
    }
}
