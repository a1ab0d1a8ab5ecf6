package dev.gradstream.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Host header policy")
class HostHeaderPolicyTest {

    @Test
    @DisplayName("on a loopback server, answers loopback names with any port and the configured host only")
    void loopbackServer() {
        for (String ok : new String[] {"localhost", "localhost:9465", "LOCALHOST.", "127.0.0.1:9465", "127.1.2.3",
                "[::1]:9465", "[::1]", "app.localhost:80"}) {
            assertThat(HostHeaderPolicy.allows(ok, "127.0.0.1")).as(ok).isTrue();
        }
        for (String bad : new String[] {"evil.example", "evil.example:9465", "127.0.0.1.evil.example", "128.0.0.1",
                "127.0.0.256", "localhost:notaport", "[::1", "", null, "192.168.1.5:9465"}) {
            assertThat(HostHeaderPolicy.allows(bad, "127.0.0.1")).as(String.valueOf(bad)).isFalse();
        }
        assertThat(HostHeaderPolicy.allows("[::1]:9465", "::1")).isTrue();
        assertThat(HostHeaderPolicy.allows("localhost:9465", "localhost")).isTrue();
    }

    @Test
    @DisplayName("on a server bound to another address, answers every Host")
    void openServer() {
        assertThat(HostHeaderPolicy.allows("evil.example", "0.0.0.0")).isTrue();
        assertThat(HostHeaderPolicy.allows("dashboards.lan:9465", "192.168.1.5")).isTrue();
    }
}
