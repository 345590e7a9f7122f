package dev.observableorders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observableorders.support.ChildProcess;
import dev.observableorders.support.Ingress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README command 1 ({@code tools/run}) as a newcomer runs it, on its default ports: it
 * starts, serves the seed's order and the pages, logs no WARN or ERROR but the one that
 * says payments are simulated (a deliberate security default), and Ctrl-C (SIGTERM) stops
 * everything it started.
 */
class CommandOneIT {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final URI MANAGEMENT = URI.create("http://127.0.0.1:2112");

	@Test
	void commandOneStartsServesAnOrderAndItsPagesLogsNoRoutineWarningAndStopsEverything() throws Exception {
		Path log = Files.createTempFile("command-1-", ".log");
		HttpClient http = HttpClient.newHttpClient();
		ChildProcess run = ChildProcess.launch("command 1 (tools/run)", List.of("tools/run"),
				Map.of("TOOLS_CLASSPATH", System.getProperty("java.class.path")), log, Duration.ofSeconds(120),
				() -> http
					.send(HttpRequest.newBuilder(MANAGEMENT.resolve("/health/readiness")).build(),
							HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200);
		try {
			run.awaitUp();
			String orderId = "command-1-" + System.nanoTime();
			Ingress.Reply reply = new Ingress(URI.create("http://127.0.0.1:8080")).processOrder(orderId,
					Ingress.seedOrder(orderId, "cust-123"));
			assertThat(reply.field("status")).isIn("completed", "payment_declined");
			for (String path : List.of("/orders", "/orders/" + orderId, "/favicon.ico")) {
				assertThat(http
					.send(HttpRequest.newBuilder(MANAGEMENT.resolve(path)).header("Accept", "text/html").build(),
							HttpResponse.BodyHandlers.discarding())
					.statusCode()).as(path).isLessThan(300);
			}
		}
		finally {
			run.close();
		}

		List<String> lines = Files.readAllLines(log);
		assertThat(lines).as("command 1's output").anyMatch((line) -> line.contains("Started OrdersApplication"));
		assertThat(lines).filteredOn(CommandOneIT::warningOrError)
			.as("WARN and ERROR lines")
			.allSatisfy((line) -> assertThat(line).contains("Payments are SIMULATED"))
			.hasSizeLessThanOrEqualTo(1);
		for (int port : new int[] { 8080, 9070, 5122, 9090, 2112 }) {
			assertThat(listening(port)).as("port %d after the stop", port).isFalse();
		}
	}

	private static boolean warningOrError(String line) {
		if (!line.startsWith("{")) {
			// Logback's own status lines are plain text
			return line.contains("|-WARN") || line.contains("|-ERROR");
		}
		try {
			JsonNode parsed = JSON.readTree(line);
			return parsed.path("level").asText().matches("WARN|ERROR");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
