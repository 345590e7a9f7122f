package dev.observableorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's "Try it" block, run as written against a fresh Restate and the service in
 * its own JVM (so the counters start at zero): each {@code curl} through {@code bash},
 * with the README's ports swapped for this run's, and each answer compared with the
 * {@code # …} lines under it — JSON answers (their timestamp aside), status codes, and
 * every metric line shown; then the example log line has the fields of the line that
 * order really wrote.
 */
class ReadmeTryItIT {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Pattern STATUS_AND_BODY = Pattern.compile("^(\\d{3}) (\\{.*)$");

	private static RestateServer restate;

	private static ServiceProcess service;

	@BeforeAll
	static void startTheLocalRun() {
		restate = RestateServer.startFresh();
		service = ServiceProcess.start(restate);
	}

	@AfterAll
	static void stop() {
		service.close();
		restate.close();
	}

	@Test
	void theTryItBlockAnswersWhatTheReadmeShowsAndLogsTheLineItShows() throws Exception {
		List<Example> examples = Example.parse(block("## Try it", "```bash"));
		assertThat(examples).as("curl commands in Try it").hasSizeGreaterThanOrEqualTo(5);

		for (Example example : examples) {
			List<String> expected = example.expected();
			if (expected.stream().anyMatch((line) -> STATUS_AND_BODY.matcher(line).matches())) {
				Matcher documented = expected.stream()
					.map(STATUS_AND_BODY::matcher)
					.filter(Matcher::matches)
					.findFirst()
					.orElseThrow();
				String[] answer = run(example.command() + " -s -w '\\n%{http_code}'").split("\n");
				assertThat(answer[answer.length - 1]).as(example.command()).isEqualTo(documented.group(1));
				assertSameJson(example, documented.group(2),
						String.join("\n", List.of(answer).subList(0, answer.length - 1)));
			}
			else if (expected.stream().anyMatch((line) -> line.startsWith("{"))) {
				String documented = expected.stream().filter((line) -> line.startsWith("{")).findFirst().orElseThrow();
				assertSameJson(example, documented, run(example.command() + " -s"));
			}
			else if (example.command().contains("/metrics")) {
				awaitMetrics(example);
			}
			else {
				run(example.command() + " -s");
			}
		}

		// the README's log line is the one its first order writes
		JsonNode documented = JSON.readTree(block("A log line of the order flow", "```json").get(0));
		JsonNode real = await("the service's log line").atMost(Duration.ofSeconds(10))
			.until(() -> Files.readAllLines(service.log())
				.stream()
				.filter((line) -> line.contains("\"message\":\"Processing order started\"")
						&& line.contains("\"orderId\":\"" + documented.path("orderId").asText() + "\""))
				.map(ReadmeTryItIT::parse)
				.findFirst()
				.orElse(null), (line) -> line != null);
		assertThat(fields(real)).as("fields of the README's log line").isEqualTo(fields(documented));
		assertThat(real.path("message").asText()).isEqualTo(documented.path("message").asText());
	}

	private static void awaitMetrics(Example example) {
		List<String> shown = example.expected().stream().filter((line) -> !line.equals("...")).toList();
		await("the metric lines the README shows").atMost(Duration.ofSeconds(15))
			.ignoreExceptions()
			.untilAsserted(
					() -> assertThat(run(example.command()).lines().toList()).as(example.command()).containsAll(shown));
	}

	private static void assertSameJson(Example example, String documented, String actual) throws IOException {
		JsonNode expected = JSON.readTree(documented);
		JsonNode answer = JSON.readTree(actual);
		if (expected.has("timestamp")) {
			assertThat(answer.path("timestamp").asText()).as("timestamp of " + example.command()).isNotBlank();
			((ObjectNode) expected).remove("timestamp");
			((ObjectNode) answer).remove("timestamp");
		}
		assertThat(answer).as(example.command()).isEqualTo(expected);
	}

	/** Runs a README command with this run's ports instead of the local run's. */
	private static String run(String command) throws IOException, InterruptedException {
		String here = command.replace("localhost:8080", "127.0.0.1:" + restate.ports().ingress())
			.replace("localhost:2112", service.managementUrl().getAuthority());
		Process bash = new ProcessBuilder("bash", "-c", here).redirectErrorStream(true).start();
		String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		bash.waitFor();
		return output.strip();
	}

	/** The lines of the first fenced block that follows {@code marker} in the README. */
	private static List<String> block(String marker, String fence) throws IOException {
		List<String> lines = Files.readAllLines(Path.of("README.md"));
		Iterator<String> it = lines
			.subList(lines.indexOf(lines.stream().filter((line) -> line.startsWith(marker)).findFirst().orElseThrow()),
					lines.size())
			.iterator();
		while (!it.next().equals(fence)) {
			// skip to the block
		}
		List<String> block = new ArrayList<>();
		for (String line = it.next(); !line.equals("```"); line = it.next()) {
			block.add(line);
		}
		return block;
	}

	private static Set<String> fields(JsonNode line) {
		Set<String> names = new TreeSet<>();
		line.fieldNames().forEachRemaining(names::add);
		return names;
	}

	private static JsonNode parse(String line) {
		try {
			return JSON.readTree(line);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One command of the block (continuation lines joined) and the comment lines under
	 * it.
	 */
	record Example(String command, List<String> expected) {

		static List<Example> parse(List<String> block) {
			List<Example> examples = new ArrayList<>();
			StringBuilder command = null;
			List<String> expected = new ArrayList<>();
			for (String line : block) {
				if (line.startsWith("curl ")) {
					if (command != null) {
						examples.add(new Example(command.toString(), expected));
					}
					command = new StringBuilder(line);
					expected = new ArrayList<>();
				}
				else if (line.startsWith("# ")) {
					expected.add(line.substring(2));
				}
				else if (!line.isBlank() && command != null) {
					command.append(' ').append(line.strip());
				}
				if (command != null && command.toString().endsWith("\\")) {
					command.setLength(command.length() - 1);
				}
			}
			if (command != null) {
				examples.add(new Example(command.toString(), expected));
			}
			return examples;
		}

	}

}
