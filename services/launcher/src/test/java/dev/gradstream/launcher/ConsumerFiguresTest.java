package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Consumer figures from a scrape")
class ConsumerFiguresTest {

    @Test
    @DisplayName("reads each loop's count, quantiles, max and lag, and counts the series")
    void parsesAScrape() {
        String scrape = """
                # HELP gradstream_consumer_latency_seconds Time from an event's event_time
                # TYPE gradstream_consumer_latency_seconds summary
                gradstream_consumer_latency_seconds{loop="0",service="monitor",quantile="0.5"} 0.084
                gradstream_consumer_latency_seconds{loop="0",service="monitor",quantile="0.99"} 0.369
                gradstream_consumer_latency_seconds_count{loop="0",service="monitor"} 20160
                gradstream_consumer_latency_seconds_sum{loop="0",service="monitor"} 2100.5
                gradstream_consumer_latency_seconds_max{loop="0",service="monitor"} 0.401
                gradstream_consumer_lag{loop="0",service="monitor"} 7.0
                gradstream_consumer_lag{loop="1",service="liveview"} 5.0
                jvm_threads_live_threads 40.0
                """;
        ConsumerFigures f = ConsumerFigures.parse(scrape);

        assertThat(f.series).isEqualTo(8);
        assertThat(f.loops.get("monitor/0")).isEqualTo(new ConsumerFigures.Loop(20160, 0.084, 0.369, 0.401, 7));
        assertThat(f.loops.get("liveview/1").lag()).isEqualTo(5);
        assertThat(f.totalLag()).isEqualTo(12);
        assertThat(f.totalHandled()).isEqualTo(20160);
    }
}
