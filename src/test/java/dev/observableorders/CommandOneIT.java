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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
		// the seed logs a declined payment as a WARN: the one other line allowed, when
		// the
		// simulation declines this order id (1 in 10 do)
		List<String> allowed = new ArrayList<>(List.of("Payments are SIMULATED"));
		try {
			run.awaitUp();
			String orderId = "command-1-" + System.nanoTime();
			Ingress.Reply reply = new Ingress(URI.create("http://127.0.0.1:8080")).processOrder(orderId,
					Ingress.seedOrder(orderId, "cust-123"));
			assertThat(reply.field("status")).isIn("completed", "payment_declined");
			if ("payment_declined".equals(reply.field("status"))) {
				allowed.add("\"message\":\"Payment declined\"");
			}
			aSecondCommandOneIsOneLineAndExitStatus2(run.pid());
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
			.allSatisfy((line) -> assertThat(allowed).anyMatch(line::contains))
			.hasSizeLessThanOrEqualTo(allowed.size());
		for (int port : new int[] { 8080, 9070, 5122, 9090, 2112 }) {
			assertThat(listening(port)).as("port %d after the stop", port).isFalse();
		}
	}

	/**
	 * Command 1 again while it runs: refused before Spring starts, in one line naming the
	 * folder and the running one's pid, exit status 2; the running one is untouched.
	 */
	private static void aSecondCommandOneIsOneLineAndExitStatus2(long runningPid) throws Exception {
		ProcessBuilder builder = new ProcessBuilder("tools/run").redirectErrorStream(true);
		builder.environment().put("TOOLS_CLASSPATH", System.getProperty("java.class.path"));
		Process second = builder.start();
		second.getOutputStream().close();
		assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second command 1 exits").isTrue();
		List<String> output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
			.filter((line) -> !line.isBlank())
			.toList();
		assertThat(second.exitValue()).as("exit status; output: %s", output).isEqualTo(2);
		assertThat(output).singleElement()
			.asString()
			.startsWith("run: The local run already runs from .restate")
			.contains("(pid ");
		assertThat(ProcessHandle.of(runningPid).map(ProcessHandle::isAlive)).as("the first command 1").contains(true);
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
