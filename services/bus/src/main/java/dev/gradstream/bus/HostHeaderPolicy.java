package dev.gradstream.bus;

import java.util.Locale;

/**
 * Which {@code Host} header values an HTTP server answers: a server bound to a loopback address answers
 * only requests that name loopback ({@code localhost}, {@code 127.x.y.z}, {@code [::1]}, with any port)
 * or the host it was configured with. A web page from another site that a browser resolved to 127.0.0.1
 * (DNS rebinding) sends its own host name and is refused. A server bound to any other address (a
 * deliberate choice to be reachable) answers every Host. Pure Java, no state: usable from any HTTP stack.
 */
public final class HostHeaderPolicy {

    private HostHeaderPolicy() {
    }

    /**
     * @param hostHeader the request's Host header (null or empty when absent)
     * @param boundHost  the address the server was told to bind, e.g. "127.0.0.1" or "0.0.0.0"
     * @return true when the request may be answered
     */
    public static boolean allows(String hostHeader, String boundHost) {
        if (!isLoopback(boundHost)) {
            return true;
        }
        if (hostHeader == null || hostHeader.isBlank()) {
            return false; // HTTP/1.1 requires Host; a request without one gets no exception
        }
        String host = hostOf(hostHeader.trim());
        return host != null && (isLoopback(host) || host.equalsIgnoreCase(hostOf(boundHost.trim())));
    }

    /** True for localhost, 127.0.0.0/8 and ::1, in any of their usual spellings. */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // "localhost." is the same name
        }
        return h.equals("localhost") || h.endsWith(".localhost") || isIpv4Loopback(h)
                || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** The host part of a Host header ({@code name}, {@code name:port}, {@code [v6]:port}), or null if malformed. */
    static String hostOf(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            if (end < 0 || !validPort(hostHeader.substring(end + 1))) {
                return null;
            }
            return hostHeader.substring(0, end + 1);
        }
        int colon = hostHeader.indexOf(':');
        if (colon < 0) {
            return hostHeader;
        }
        if (hostHeader.indexOf(':', colon + 1) >= 0) {
            return hostHeader; // a bare IPv6 address (a bound host, never a valid Host header)
        }
        return validPort(hostHeader.substring(colon)) ? hostHeader.substring(0, colon) : null;
    }

    private static boolean validPort(String suffix) {
        if (suffix.isEmpty()) {
            return true;
        }
        if (suffix.charAt(0) != ':' || suffix.length() < 2 || suffix.length() > 6) {
            return false;
        }
        for (int i = 1; i < suffix.length(); i++) {
            if (!Character.isDigit(suffix.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv4Loopback(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
