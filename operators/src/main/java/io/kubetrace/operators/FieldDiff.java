package io.kubetrace.operators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The field-level difference of two versions of an object, one line per changed field: {@code
 * <path> <old json> -> <new json>}, {@code null} for a missing side. Paths are written as Kelemetry
 * writes them ({@code spec.replicas}, {@code metadata.labels["app.kubernetes.io/name"]}); map keys
 * are visited sorted; lists Kubernetes merges by key (containers, env, ports, volumes by {@code
 * name}, conditions by {@code type}, ownerReferences by {@code uid}) are matched by that key
 * ({@code containers[name=nginx].image}), other lists by index.
 */
final class FieldDiff {

    /** Fields that change with every write and say nothing about what the write did. */
    private static final Set<String> IGNORED_PATHS =
            Set.of("metadata.resourceVersion", "metadata.generation", "metadata.managedFields");

    private static final Map<String, String> MERGE_KEYS =
            Map.of(
                    "containers", "name",
                    "initContainers", "name",
                    "ephemeralContainers", "name",
                    "env", "name",
                    "ports", "name",
                    "volumes", "name",
                    "volumeMounts", "name",
                    "imagePullSecrets", "name",
                    "conditions", "type",
                    "ownerReferences", "uid");

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final List<String> lines = new ArrayList<>();
    private final boolean valuesHidden;

    private FieldDiff(boolean valuesHidden) {
        this.valuesHidden = valuesHidden;
    }

    /**
     * @param valuesHidden write {@code <path> (changed)} instead of the values, for objects whose
     *     content must not show
     */
    static List<String> between(JsonNode before, JsonNode after, boolean valuesHidden) {
        FieldDiff diff = new FieldDiff(valuesHidden);
        diff.compare("", "", before, after);
        return diff.lines;
    }

    private void compare(String path, String field, JsonNode before, JsonNode after) {
        if (IGNORED_PATHS.contains(path)) {
            return;
        }
        if (before.isObject() && after.isObject()) {
            Set<String> keys = new TreeSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            after.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                compare(child(path, key), key, before.path(key), after.path(key));
            }
        } else if (before.isArray() && after.isArray()) {
            String mergeKey = MERGE_KEYS.get(field);
            if (mergeKey != null && keyedBy(before, mergeKey) && keyedBy(after, mergeKey)) {
                compareByKey(path, mergeKey, before, after);
            } else {
                int size = Math.max(before.size(), after.size());
                for (int i = 0; i < size; i++) {
                    compare(path + '[' + i + ']', "", before.path(i), after.path(i));
                }
            }
        } else if (!before.equals(after)) {
            lines.add(line(path, before, after));
        }
    }

    private void compareByKey(String path, String mergeKey, JsonNode before, JsonNode after) {
        Map<String, JsonNode> old = byKey(before, mergeKey);
        Map<String, JsonNode> current = byKey(after, mergeKey);
        Map<String, Boolean> keys = new LinkedHashMap<>();
        old.keySet().forEach(key -> keys.put(key, true));
        current.keySet().forEach(key -> keys.put(key, true));
        for (String key : keys.keySet()) {
            compare(
                    path + '[' + mergeKey + '=' + key + ']',
                    "",
                    old.getOrDefault(key, MissingNode.getInstance()),
                    current.getOrDefault(key, MissingNode.getInstance()));
        }
    }

    private static boolean keyedBy(JsonNode list, String mergeKey) {
        for (JsonNode element : list) {
            if (!element.path(mergeKey).isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> byKey(JsonNode list, String mergeKey) {
        Map<String, JsonNode> elements = new LinkedHashMap<>();
        list.forEach(element -> elements.put(element.path(mergeKey).asText(), element));
        return elements;
    }

    private String line(String path, JsonNode before, JsonNode after) {
        if (valuesHidden) {
            return path + " (changed)";
        }
        return path + ' ' + render(before) + " -> " + render(after);
    }

    private static String render(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "null" : value.toString();
    }

    private static String child(String path, String key) {
        if (PLAIN_KEY.matcher(key).matches()) {
            return path.isEmpty() ? key : path + '.' + key;
        }
        return path + "[" + TextNode.valueOf(key) + "]";
    }
}
