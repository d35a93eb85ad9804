package io.kubetrace.operators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> diff(String before, String after) throws IOException {
        return FieldDiff.between(json(before), json(after), false);
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void writesOneLinePerChangedFieldWithKelemetrysPaths() throws IOException {
        assertThat(
                        diff(
                                "{'metadata':{'labels':{'app.kubernetes.io/name':'web','tier':'a'},'resourceVersion':'1',"
                                    + "'generation':1,'managedFields':[{'manager':'x'}]},'spec':{'replicas':2,'paused':false}}",
                                "{'metadata':{'labels':{'app.kubernetes.io/name':'api'},'resourceVersion':'2',"
                                    + "'generation':2,'managedFields':[{'manager':'y'}]},'spec':{'replicas':3,'minReadySeconds':5}}"))
                .containsExactly(
                        "metadata.labels[\"app.kubernetes.io/name\"] \"web\" -> \"api\"",
                        "metadata.labels.tier \"a\" -> null",
                        "spec.minReadySeconds null -> 5",
                        "spec.paused false -> null",
                        "spec.replicas 2 -> 3");
    }

    @Test
    void matchesTheListsKubernetesMergesByTheirKey() throws IOException {
        assertThat(
                        diff(
                                "{'spec':{'containers':[{'name':'app','image':'a:1','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]},"
                                    + "{'name':'sidecar','image':'s:1'}]},'status':{'conditions':[{'type':'Ready','status':'False'},"
                                    + "{'type':'Scheduled','status':'True'}]},'metadata':{'ownerReferences':[{'uid':'u1','name':'rs-1'}]}}",
                                "{'spec':{'containers':[{'name':'sidecar','image':'s:1'},{'name':'app','image':'a:2','env':[{'name':'B','value':'2'},"
                                    + "{'name':'A','value':'9'}]},{'name':'debug','image':'d:1'}]},'status':{'conditions':[{'type':'Scheduled',"
                                    + "'status':'True'},{'type':'Ready','status':'True'}]},'metadata':{'ownerReferences':[{'uid':'u2','name':'rs-2'}]}}"))
                .containsExactly(
                        "metadata.ownerReferences[uid=u1] {\"uid\":\"u1\",\"name\":\"rs-1\"} ->"
                                + " null",
                        "metadata.ownerReferences[uid=u2] null ->"
                                + " {\"uid\":\"u2\",\"name\":\"rs-2\"}",
                        "spec.containers[name=app].env[name=A].value \"1\" -> \"9\"",
                        "spec.containers[name=app].image \"a:1\" -> \"a:2\"",
                        "spec.containers[name=debug] null ->"
                                + " {\"name\":\"debug\",\"image\":\"d:1\"}",
                        "status.conditions[type=Ready].status \"False\" -> \"True\"");
    }

    @Test
    void comparesOtherListsByIndex() throws IOException {
        assertThat(
                        diff(
                                "{'args':['run','--fast'],'ports':[{'containerPort':80}]}",
                                "{'args':['run','--slow','-v'],'ports':[{'containerPort':81}]}"))
                .containsExactly(
                        "args[1] \"--fast\" -> \"--slow\"",
                        "args[2] null -> \"-v\"",
                        "ports[0].containerPort 80 -> 81");
    }

    @Test
    void namesOnlyThePathsWhenValuesMustNotShow() throws IOException {
        assertThat(
                        FieldDiff.between(
                                json("{'data':{'password':'a','user':'u'}}"),
                                json("{'data':{'password':'b','user':'u'}}"),
                                true))
                .containsExactly("data.password (changed)");
    }
}
