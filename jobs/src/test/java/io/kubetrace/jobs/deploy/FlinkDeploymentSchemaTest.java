package io.kubetrace.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.DisallowUnknownKeywordFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FlinkDeployment validates against the openAPI v3 schema of the operator 1.15 CRD
 * (k8s/schemas), as strictly as {@code kubectl apply} has the API server check it.
 */
class FlinkDeploymentSchemaTest {

    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() {
        JsonNode crd =
                Manifests.documents(
                                Manifests.k8s()
                                        .resolve(
                                                "schemas/flinkdeployments.flink.apache.org-v1.yml"))
                        .get(0);
        JsonNode version = crd.path("spec").path("versions").get(0);
        assertThat(version.path("name").asText()).isEqualTo("v1beta1");
        schema = CustomResourceSchema.of(version.path("schema").path("openAPIV3Schema"));
    }

    @Test
    void theFlinkDeploymentIsValid() {
        assertThat(schema.validate(flinkDeployment())).isEmpty();
    }

    @Test
    void anUnknownFlinkVersionIsNot() {
        ObjectNode deployment = flinkDeployment();
        ((ObjectNode) deployment.path("spec")).put("flinkVersion", "v9");

        assertThat(messages(deployment)).anyMatch(message -> message.contains("flinkVersion"));
    }

    @Test
    void aMisspeltFieldIsNot() {
        ObjectNode deployment = flinkDeployment();
        ObjectNode job = (ObjectNode) deployment.path("spec").path("job");
        job.set("upgradeMod", job.remove("upgradeMode"));

        assertThat(messages(deployment)).anyMatch(message -> message.contains("upgradeMod"));
    }

    @Test
    void aFieldOfTheWrongTypeIsNot() {
        ObjectNode deployment = flinkDeployment();
        ((ObjectNode) deployment.path("spec").path("job")).put("parallelism", "two");

        assertThat(messages(deployment)).anyMatch(message -> message.contains("parallelism"));
    }

    private static List<String> messages(JsonNode deployment) {
        Set<ValidationMessage> messages = schema.validate(deployment);
        return messages.stream().map(ValidationMessage::getMessage).toList();
    }

    private static ObjectNode flinkDeployment() {
        return (ObjectNode) Manifests.resource("FlinkDeployment", "kubetrace").deepCopy();
    }

    /**
     * A CRD's structural schema as a JSON schema validator reads it: OpenAPI 3.0 with Kubernetes'
     * own keywords, and no field the schema does not name where Kubernetes would reject it.
     */
    private static final class CustomResourceSchema {

        private static final String PRESERVE_UNKNOWN_FIELDS =
                "x-kubernetes-preserve-unknown-fields";

        static JsonSchema of(JsonNode openApiV3Schema) {
            JsonMetaSchema openApi = OpenApi30.getInstance();
            JsonMetaSchema kubernetes =
                    JsonMetaSchema.builder(openApi.getIri(), openApi)
                            .keyword(new NonValidationKeyword("x-kubernetes-int-or-string"))
                            .keyword(new NonValidationKeyword(PRESERVE_UNKNOWN_FIELDS))
                            // A keyword this test does not know might change what is valid.
                            .unknownKeywordFactory(DisallowUnknownKeywordFactory.getInstance())
                            .build();
            JsonSchemaFactory factory =
                    JsonSchemaFactory.builder()
                            .defaultMetaSchemaIri(kubernetes.getIri())
                            .metaSchema(kubernetes)
                            .build();
            ObjectNode root = (ObjectNode) closed(openApiV3Schema.deepCopy());
            // Every custom resource has these, checked by the API server itself, and a CRD's
            // schema need not name them.
            ObjectNode implicit = (ObjectNode) root.path("properties");
            implicit.putObject("apiVersion").put("type", "string");
            implicit.putObject("kind").put("type", "string");
            implicit.putObject("metadata").put("type", "object");
            return factory.getSchema(root);
        }

        /**
         * kubectl apply asks for strict field validation: a field the schema does not name is an
         * error unless the object preserves unknown fields or is a map ({@code
         * additionalProperties}). JSON schema allows such fields unless told otherwise.
         */
        private static JsonNode closed(JsonNode schema) {
            if (schema instanceof ObjectNode object) {
                if (object.has("properties")
                        && !object.has("additionalProperties")
                        && !object.path(PRESERVE_UNKNOWN_FIELDS).asBoolean()) {
                    object.put("additionalProperties", false);
                }
                object.path("properties").forEach(CustomResourceSchema::closed);
                closed(object.path("items"));
                closed(object.path("additionalProperties"));
                for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
                    object.path(combinator).forEach(CustomResourceSchema::closed);
                }
            }
            return schema;
        }
    }
}
