package dev.gradstream.liveview;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open pages' server-sent event streams. A page that connects receives a {@code reset} event and the
 * history's snapshot ({@link RunHistory}, thinned), then every event sent from then on: events are gathered
 * for {@link #FLUSH_MS} ms (or {@link #MAX_MESSAGE_CHARS}) and sent as one message, a JSON array, so that a
 * run of 200,000 mini-batches is a few thousand messages, not 200,000. A page may fall
 * {@link #PAGE_QUEUE_BYTES} behind; further behind it is dropped (counted), and its EventSource reconnects to
 * a fresh snapshot. Not thread-safe: used on the verticle's event loop only (the counter may be read anywhere).
 */
final class PageStream {

    /** Events are sent to the pages in one SSE message per this many milliseconds (or per MAX_MESSAGE_CHARS). */
    static final long FLUSH_MS = 50;
    static final int MAX_MESSAGE_CHARS = 1 << 20;
    /** Bytes a page may fall behind: 200,000 batch events of a 4-layer network are about 50 MB, sent over seconds. */
    static final int PAGE_QUEUE_BYTES = 16 << 20;
    /** Pages served at once: with PAGE_QUEUE_BYTES each, this bounds the memory of slow pages. */
    static final int MAX_PAGES = 32;

    private final Vertx vertx;
    private final RunHistory history;
    private final Set<HttpServerResponse> pages = new LinkedHashSet<>();
    private final StringBuilder pending = new StringBuilder();
    private final AtomicLong dropped = new AtomicLong();
    private boolean flushScheduled;

    PageStream(Vertx vertx, RunHistory history) {
        this.vertx = vertx;
        this.history = history;
    }

    /** Opens the stream of a page: the snapshot first, then every event. */
    void connect(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (pages.size() >= MAX_PAGES) {
            dropped.incrementAndGet();
            response.setStatusCode(503).end("at most " + MAX_PAGES + " pages at once\n");
            return;
        }
        flush(); // what the pages were sent so far is in the snapshot; what follows goes to this page too
        response.setChunked(true)
                .setWriteQueueMaxSize(PAGE_QUEUE_BYTES)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        StringBuilder first = new StringBuilder("retry: 2000\nevent: reset\ndata: {}\n\n");
        StringBuilder message = new StringBuilder();
        for (String encoded : history.snapshot()) {
            message.append(message.length() == 0 ? "" : ",").append(encoded);
            if (message.length() >= MAX_MESSAGE_CHARS) {
                first.append("data: [").append(message).append("]\n\n");
                message.setLength(0);
            }
        }
        if (message.length() > 0) {
            first.append("data: [").append(message).append("]\n\n");
        }
        response.write(first.toString());
        pages.add(response);
        response.closeHandler(v -> pages.remove(response));
        response.exceptionHandler(e -> pages.remove(response));
    }

    /** Queues {@code encoded} (one event's JSON) for every open page. */
    void send(String encoded) {
        pending.append(pending.length() == 0 ? "" : ",").append(encoded);
        if (pending.length() >= MAX_MESSAGE_CHARS) {
            flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            vertx.setTimer(FLUSH_MS, t -> flush());
        }
    }

    /** An SSE comment, so that proxies keep the streams open and dead pages are noticed. */
    void keepAlive() {
        broadcast(": keep-alive\n\n");
    }

    int size() {
        return pages.size();
    }

    /** Pages dropped because they fell PAGE_QUEUE_BYTES behind, or refused because MAX_PAGES were open. */
    long dropped() {
        return dropped.get();
    }

    /** Sends what is queued and ends every page's stream. */
    void close() {
        flush();
        for (HttpServerResponse page : pages) {
            try {
                page.end();
            } catch (IllegalStateException e) {
                // Already closed by the page: nothing to end.
            }
        }
        pages.clear();
    }

    private void flush() {
        flushScheduled = false;
        if (pending.length() > 0) {
            broadcast("data: [" + pending + "]\n\n");
            pending.setLength(0);
        }
    }

    private void broadcast(String frame) {
        for (HttpServerResponse page : List.copyOf(pages)) {
            if (page.writeQueueFull()) {
                dropped.incrementAndGet();
                pages.remove(page);
                page.reset();
                continue;
            }
            page.write(frame);
        }
    }
}
