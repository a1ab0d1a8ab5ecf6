package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.monitor.MonitorSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The services a process deploys (every stack, and serve)")
class ServiceDeploymentTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedKafka kafka;
    private KafkaClients clients;
    private Vertx vertx;

    @BeforeAll
    void startBroker() {
        kafka = EmbeddedKafka.start();
        clients = new KafkaClients(kafka.bootstrapServers(), java.util.Map.of());
        TopicSetup.ensureTopics(clients, 1, (short) 1);
        vertx = Vertx.vertx();
    }

    @AfterAll
    void stopBroker() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        kafka.close();
    }

    private ServiceDeployment deploy(Set<Stack.Service> services) {
        BusOptions options = new BusOptions();
        options.metricsHost = "127.0.0.1";
        options.metricsPort = 0;
        return ServiceDeployment.deploy(vertx, clients, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), options,
                MonitorSettings.defaults().withGroup("service-deployment-test-" + System.nanoTime()), services);
    }

    private String get(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    @Test
    @DisplayName("the evaluator alone answers /health, and /metrics shows its consumer and this JVM")
    void evaluatorAlone() throws Exception {
        ServiceDeployment d = deploy(EnumSet.of(Stack.Service.EVALUATOR));
        assertThat(d.monitor()).isNull();
        assertThat(d.evaluator()).isNotNull();
        assertThat(d.port()).isPositive();
        assertThat(get(d.port(), "/health")).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get(d.port(), "/metrics")).contains("jvm_memory_used_bytes")
                .contains("gradstream_consumer_lag{loop=\"0\",service=\"evaluator\"}");
    }

    @Test
    @DisplayName("with the monitor, its /metrics is on the port; with no service, nothing listens")
    void monitorOrNothing() throws Exception {
        ServiceDeployment monitor = deploy(EnumSet.of(Stack.Service.MONITOR));
        assertThat(monitor.monitor()).isNotNull();
        assertThat(monitor.evaluator()).isNull();
        assertThat(monitor.port()).isEqualTo(monitor.monitor().actualPort());
        assertThat(get(monitor.port(), "/metrics")).contains("# TYPE");

        assertThat(deploy(EnumSet.noneOf(Stack.Service.class))).isEqualTo(new ServiceDeployment(null, null, -1));
    }
}
