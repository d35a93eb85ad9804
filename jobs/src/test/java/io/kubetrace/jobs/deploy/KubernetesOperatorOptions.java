package io.kubetrace.jobs.deploy;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.core.execution.SavepointFormatType;

/**
 * The flink-kubernetes-operator's per-deployment options that k8s/ and its README use, with the
 * keys and types of the operator's {@code KubernetesOperatorConfigOptions} (release 1.15), whose
 * jar is not on this classpath.
 */
final class KubernetesOperatorOptions {

    static final List<ConfigOption<?>> ALL =
            List.of(
                    ConfigOptions.key("kubernetes.operator.savepoint.format.type")
                            .enumType(SavepointFormatType.class)
                            .noDefaultValue(),
                    ConfigOptions.key("kubernetes.operator.savepoint.history.max.count")
                            .intType()
                            .noDefaultValue(),
                    ConfigOptions.key("kubernetes.operator.deployment.rollback.enabled")
                            .booleanType()
                            .noDefaultValue(),
                    ConfigOptions.key("kubernetes.operator.deployment.readiness.timeout")
                            .durationType()
                            .noDefaultValue(),
                    ConfigOptions.key("kubernetes.operator.periodic.savepoint.interval")
                            .durationType()
                            .noDefaultValue());

    private KubernetesOperatorOptions() {}

    static List<ConfigOption<?>> withKey(String key) {
        return ALL.stream().filter(option -> option.key().equals(key)).toList();
    }
}
