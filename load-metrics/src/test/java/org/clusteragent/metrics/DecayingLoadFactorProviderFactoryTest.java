package org.clusteragent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.clusteragent.metrics.fake.ManualClock;
import org.clusteragent.spi.InvalidConfigurationException;
import org.clusteragent.spi.LoadFactorProviderFactory;
import org.clusteragent.spi.testing.FakeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecayingLoadFactorProviderFactoryTest {

    private static final String SCRIPTED = "org.clusteragent.metrics.fake.ScriptedMetric";
    private static final String MAPPED = "org.clusteragent.metrics.fake.MapConfiguredMetric";

    private static LoadSettings parse(Map<String, String> props) {
        return DecayingLoadFactorProviderFactory.parse(props);
    }

    private static List<String> problems(Map<String, String> props) {
        return assertThrows(InvalidConfigurationException.class, () -> parse(props)).problems();
    }

    private static String only(Map<String, String> props) {
        List<String> p = problems(props);
        assertEquals(1, p.size(), p.toString());
        return p.get(0);
    }

    private static List<String> names(LoadSettings s) {
        return s.metrics().stream().map(MetricSpec::name).collect(Collectors.toList());
    }

    @Test
    void foundByServiceLoaderAndOwnsItsProperties() {
        List<LoadFactorProviderFactory> found = ServiceLoader.load(LoadFactorProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList());
        assertEquals(1, found.size());
        assertInstanceOf(DecayingLoadFactorProviderFactory.class, found.get(0));
        assertEquals(Set.of("loadMetrics", "loadMetricClass", "loadMetricCapacity", "loadHistory",
                "loadDecayFactor", "initialLoad", "hotStandby", "loadMetricFailurePolicy"),
                found.get(0).propertyNames());
    }

    @Test
    void defaultsAreBusyThreadsWithModClusterDecay() {
        LoadSettings s = parse(Map.of("proxyList", "ignored:8000"));
        assertEquals(List.of("busy"), names(s));
        assertEquals(1, s.metrics().get(0).capacity());
        assertEquals(9, s.history());
        assertEquals(2, s.decayFactor());
        assertEquals(0, s.initialLoad());
        assertEquals(false, s.hotStandby());
        assertEquals(FailurePolicy.EXCLUDE, s.failurePolicy());
    }

    @Test
    void parsesTheDocumentedExample() {
        LoadSettings s = parse(Map.of("loadMetrics",
                " cpu(weight=2), heap, sessions(capacity=512) , requests(capacity=200, weight=0.5)",
                "loadHistory", "4", "loadDecayFactor", "1.5", "initialLoad", "-1", "hotStandby", "TRUE",
                "loadMetricFailurePolicy", "assume-busy"));
        assertEquals(List.of("cpu", "heap", "sessions", "requests"), names(s));
        assertEquals(2, s.metrics().get(0).weight());
        assertEquals(1, s.metrics().get(1).capacity());
        assertEquals(512, s.metrics().get(2).capacity());
        assertEquals(0.5, s.metrics().get(3).weight());
        assertEquals(4, s.history());
        assertEquals(1.5, s.decayFactor());
        assertEquals(-1, s.initialLoad());
        assertTrue(s.hotStandby());
        assertEquals(FailurePolicy.ASSUME_BUSY, s.failurePolicy());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "BusyConnectorsLoadMetric|busy",
        "ActiveSessionsLoadMetric|sessions",
        "RequestCountLoadMetric|requests",
        "SendTrafficLoadMetric|send-traffic",
        "ReceiveTrafficLoadMetric|receive-traffic",
        "HeapMemoryUsageLoadMetric|heap",
        "AverageSystemLoadMetric|loadavg",
        "SystemMemoryUsageLoadMetric|memory"})
    void modClusterClassNamesMapToOurs(String simpleName, String ours) {
        LoadSettings s = parse(Map.of("loadMetricClass", "org.jboss.modcluster.load.metric.impl." + simpleName,
                "loadMetricCapacity", "250"));
        assertEquals(List.of(ours), names(s));
        assertEquals(250, s.metrics().get(0).capacity(), "loadMetricCapacity applies, even where ours requires one");
    }

    @Test
    void loadMetricsOverridesLoadMetricClass() {
        LoadSettings s = parse(Map.of("loadMetrics", "heap", "loadMetricClass", "nonsense.Class",
                "loadMetricCapacity", "x"));
        assertEquals(List.of("heap"), names(s));
    }

    @Test
    void customClassesWithSettersOrMapConstructor() {
        LoadSettings s = parse(Map.of("loadMetrics", SCRIPTED + "(label=mine, value=0.25, capacity=4), "
                + MAPPED + "(fixed=30, colour=blue), " + MAPPED + "(weight=5)"));
        assertEquals(List.of("ScriptedMetric", "MapConfiguredMetric", "MapConfiguredMetric#2"), names(s));
        assertEquals(4, s.metrics().get(0).capacity());
        assertEquals(1, s.metrics().get(0).weight());
        assertEquals(2, s.metrics().get(1).weight(), "the class's own weight");
        assertEquals(100, s.metrics().get(1).capacity(), "the class's own capacity");
        assertEquals(5, s.metrics().get(2).weight(), "the spec overrides the class");
        var mapped = (org.clusteragent.metrics.fake.MapConfiguredMetric) s.metrics().get(1).instances().get();
        assertEquals(Map.of("fixed", "30", "colour", "blue"), mapped.properties());
        var scripted = s.metrics().get(0).instances().get();
        assertEquals("mine", scripted.name());
        assertTrue(s.metrics().get(0).instances().get() != scripted, "a fresh instance per engine");

        DecayingLoadFactorProvider p = new DecayingLoadFactorProviderFactory().createProvider(
                Map.of("loadMetrics", SCRIPTED + "(value=1, capacity=4), " + MAPPED + "(fixed=30)",
                        "initialLoad", "-1"), new ManualClock());
        // (1 * 0.25 + 2 * 0.30) / 3 = 0.28333 -> 72
        assertEquals(72, p.loadFactor(new FakeServer().engine("e")));
    }

    @Test
    void everyProblemIsReportedAtOnceNamingAttributeAndValue() {
        List<String> p = problems(Map.of("loadHistory", "-2", "loadDecayFactor", "0.5", "initialLoad", "101",
                "hotStandby", "maybe", "loadMetricFailurePolicy", "ignore",
                "loadMetrics", "cpu(weight=0), sessions"));
        assertEquals(List.of(
                "loadHistory=\"-2\": out of range; use a whole number of past samples in 0..1000 such as 9",
                "loadDecayFactor=\"0.5\": out of range; use a number in 1..1000 such as 2 (1 = plain average of the"
                        + " history)",
                "initialLoad=\"101\": out of range; use a load factor in 0..100 such as 0, or -1 for no ramp",
                "hotStandby=\"maybe\": not a boolean; use true or false (yes/no and on/off work too)",
                "loadMetricFailurePolicy=\"ignore\": not a failure policy; use exclude, last-value or assume-busy",
                "loadMetrics entry 1 'cpu': weight='0' is not a positive number",
                "loadMetrics entry 2 'sessions': capacity is required for sessions (no default fits every "
                        + "server); e.g. sessions(capacity=512)"), p);
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> new DecayingLoadFactorProviderFactory().create(Map.of("loadHistory", "x"), System::nanoTime));
        assertTrue(e.getMessage().contains("loadHistory=\"x\": not a number"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "cpu,,heap|loadMetrics entry 2 is empty (two commas in a row, or a trailing comma?)",
        "cpu,|loadMetrics entry 2 is empty (two commas in a row, or a trailing comma?)",
        "cpu(scope=(x))|loadMetrics='cpu(scope=(x))': nested '(' at character 11; values cannot contain parentheses",
        "cpu(weight=2|loadMetrics='cpu(weight=2': a '(' is never closed",
        "cpu), heap|loadMetrics='cpu), heap': ')' at character 4 closes nothing",
        "cpu(weight=2) heap|loadMetrics entry 1 'cpu': unexpected 'heap' after ')'",
        "9cpu|loadMetrics entry 1: '9cpu' is not a metric type or class name",
        "cpu(weight)|loadMetrics entry 1 'cpu': 'weight' is not key=value",
        "cpu(weight=)|loadMetrics entry 1 'cpu': weight has no value",
        "cpu(=2)|loadMetrics entry 1 'cpu': '' in '=2' is not a property name",
        "cpu(weight=1, weight=2)|loadMetrics entry 1 'cpu': weight is given twice",
        "cpu(weight=abc)|loadMetrics entry 1 'cpu': weight='abc' is not a positive number",
        "heap(capacity=-1)|loadMetrics entry 1 'heap': capacity='-1' is not a positive number",
        "heap(capacity=Infinity)|loadMetrics entry 1 'heap': capacity='Infinity' is not a positive number",
        "heap(size=3, colour=red)|loadMetrics entry 1 'heap': unknown properties [colour, size]; heap takes [capacity, weight]",
        "cpu(scope=thread)|loadMetrics entry 1 'cpu': scope='thread' is neither 'process' nor 'system'",
        "requests|loadMetrics entry 1 'requests': capacity is required for requests (no default fits every server); e.g. requests(capacity=512)",
        "send-traffic|loadMetrics entry 1 'send-traffic': capacity is required for send-traffic (no default fits every server); e.g. send-traffic(capacity=512)",
        "micrometer(capacity=5)|loadMetrics entry 1 'micrometer': name is required: the meter's name, e.g. micrometer(name=db.pool.active)",
        "micrometer(name=q, tags=a:b;c)|loadMetrics entry 1 'micrometer': tags='a:b;c': 'c' is not key:value (separate tags with ';', e.g. tags=pool:main;region:eu)",
        "micrometer(name=q, region=eu)|loadMetrics entry 1 'micrometer': unknown property [region]; micrometer takes [capacity, name, tags, weight]",
        "java.lang.String|loadMetrics entry 1 'java.lang.String': class java.lang.String is not a concrete org.clusteragent.spi.LoadMetric",
        "org.clusteragent.metrics.fake.ScriptedMetric(colour=red)|loadMetrics entry 1 'org.clusteragent.metrics.fake.ScriptedMetric': colour='red' has no public setColour(String, int, long, double or boolean) on org.clusteragent.metrics.fake.ScriptedMetric accepting that value",
        "org.clusteragent.metrics.fake.ScriptedMetric(value=lots)|loadMetrics entry 1 'org.clusteragent.metrics.fake.ScriptedMetric': value='lots' has no public setValue(String, int, long, double or boolean) on org.clusteragent.metrics.fake.ScriptedMetric accepting that value",
    })
    void eachParseErrorNamesTheEntryAndTheOffendingPart(String loadMetrics, String expected) {
        assertEquals(expected, only(Map.of("loadMetrics", loadMetrics)));
    }

    @Test
    void unknownTypeListsTheShortNames() {
        String p = only(Map.of("loadMetrics", "cpus"));
        assertEquals("loadMetrics entry 1 'cpus': no metric type or class named 'cpus'; did you mean cpu? use a"
                + " short type (cpu, loadavg, heap, memory, sessions, requests, send-traffic, receive-traffic, busy,"
                + " micrometer) or the class name of a org.clusteragent.spi.LoadMetric visible to the web server", p);
    }

    @Test
    void aMistypedTypeGetsDidYouMeanAsAttributeNamesDo() {
        assertTrue(only(Map.of("loadMetrics", "cpu, sesions(capacity=100)")).startsWith(
                "loadMetrics entry 2 'sesions': no metric type or class named 'sesions'; did you mean sessions? use"),
                only(Map.of("loadMetrics", "sesions")));
        assertTrue(only(Map.of("loadMetricClass", "Heap-Usage")).contains("'Heap-Usage'; use a short type"),
                "no suggestion when nothing is close");
    }

    @Test
    void legacyAttributeErrorsNameTheLegacyAttribute() {
        assertEquals("loadMetricCapacity=\"none\": not a number; use a positive number such as 1 or 0.5",
                only(Map.of("loadMetricCapacity", "none")));
        assertTrue(only(Map.of("loadMetricClass", "com.example.Missing"))
                .startsWith("loadMetricClass='com.example.Missing': no metric type or class named"));
    }

    @Test
    void blankLoadMetricsMeansNotSet() {
        assertEquals(List.of("busy"), names(parse(Map.of("loadMetrics", "  "))));
    }

    @Test
    void shortTypeNamesAreCaseInsensitive() {
        assertEquals(List.of("heap", "cpu"), names(parse(Map.of("loadMetrics", "HEAP, Cpu(scope=SYSTEM)"))));
    }
}
