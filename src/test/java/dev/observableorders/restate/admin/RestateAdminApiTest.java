package dev.observableorders.restate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hung or misbehaving admin API holds a reader for one deadline at most, never fills
 * the heap, and never delays another poller.
 */
class RestateAdminApiTest {

	private static final String ROW = "{\"rows\":[{\"n\":7}]}";

	private final CountDownLatch released = new CountDownLatch(1);

	private final AtomicInteger lateAsked = new AtomicInteger();

	private HttpServer server;

	@AfterEach
	void stop() {
		this.released.countDown();
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	/**
	 * Answers each query by what it asks for: {@code hang}, {@code trickle},
	 * {@code huge}, or a row.
	 */
	private URI admin() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/query", this::answer);
		this.server.start();
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	private void answer(HttpExchange exchange) throws IOException {
		String query = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		try (OutputStream body = exchange.getResponseBody()) {
			if (query.contains("hang")) {
				awaitRelease();
			}
			else if (query.contains("trickle")) {
				// headers at once, then a body that never ends
				exchange.sendResponseHeaders(200, 0);
				body.write("{\"rows\":[".getBytes(StandardCharsets.UTF_8));
				body.flush();
				awaitRelease();
			}
			else if (query.contains("late") && this.lateAsked.incrementAndGet() == 1) {
				// the first time, as while Restate starts: no answer
				exchange.sendResponseHeaders(503, -1);
			}
			else if (query.contains("huge")) {
				exchange.sendResponseHeaders(200, 0);
				byte[] chunk = new byte[64 * 1024];
				java.util.Arrays.fill(chunk, (byte) ' ');
				for (int written = 0; written <= RestateAdminApi.MAX_ANSWER; written += chunk.length) {
					body.write(chunk);
				}
			}
			else {
				byte[] row = ROW.getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(200, row.length);
				body.write(row);
			}
		}
		catch (IOException ex) {
			// the client gave up: as intended
		}
	}

	private void awaitRelease() {
		try {
			this.released.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void aBodyThatNeverEndsFailsAtTheDeadline() throws Exception {
		RestateAdminApi api = new RestateAdminApi(admin(), Duration.ofMillis(500));

		assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(() -> api.firstRow("SELECT trickle"));
		assertThat(api.firstRow("SELECT 1")).isEqualTo(Map.of("n", 7L));
	}

	@Test
	void anAnswerOverTheLimitIsRefused() throws Exception {
		RestateAdminApi api = new RestateAdminApi(admin(), Duration.ofSeconds(30));

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> api.firstRow("SELECT huge"))
			.withMessage("Restate's answer is over " + RestateAdminApi.MAX_ANSWER + " bytes: not read");
	}

	@Test
	void aWatchNeverAnsweredIsAskedAgainWithinASecondNotAnIntervalLater() throws Exception {
		try (RestateStatePoller poller = new RestateStatePoller(new RestateAdminApi(admin(), Duration.ofSeconds(30)),
				new SimpleMeterRegistry())) {
			RestateStatePoller.Watch late = poller.watch("late", () -> "SELECT late", Duration.ofHours(1));

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(late.latest()).contains(Map.of("n", 7L)));
			assertThat(this.lateAsked).hasValue(2);
		}
	}

	@Test
	void aHungQueryDoesNotDelayAnotherWatch() throws Exception {
		try (RestateStatePoller poller = new RestateStatePoller(new RestateAdminApi(admin(), Duration.ofSeconds(30)),
				new SimpleMeterRegistry())) {
			RestateStatePoller.Watch hung = poller.watch("hung", () -> "SELECT hang", Duration.ofMillis(100));
			RestateStatePoller.Watch answered = poller.watch("answered", () -> "SELECT 1", Duration.ofMillis(100));

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(answered.latest()).contains(Map.of("n", 7L)));
			assertThat(hung.latest()).isEmpty();
		}
	}

}
