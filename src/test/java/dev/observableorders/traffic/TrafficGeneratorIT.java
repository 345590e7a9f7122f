package dev.observableorders.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observableorders.support.RealRestateTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke of the traffic generator: a few dozen orders of every kind through the
 * real Restate server, all answered as expected. Not a benchmark: nothing here is timed.
 */
class TrafficGeneratorIT extends RealRestateTest {

	@Test
	void mixedTrafficCompletesWithNothingUnexpected(@TempDir Path dir) throws Exception {
		TrafficOptions options = new TrafficOptions(restate.ingressUrl(), 48, null, 8, 0, new OrderMix(80, 10, 10),
				"smoke-" + System.nanoTime(), dir.resolve("summary.json"), Duration.ofSeconds(30), true);
		ByteArrayOutputStream progress = new ByteArrayOutputStream();

		TrafficSummary summary = new TrafficRun(options).run(new PrintStream(progress, true, StandardCharsets.UTF_8));
		summary.writeJson(options.json());

		assertThat(summary.unexpected()).as(summary.text()).isZero();
		assertThat(summary.answered()).isEqualTo(48);
		assertThat(summary.outcomes()).containsKeys("completed", "rejected", "resubmitted");
		assertThat(summary.outcomes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(48);
		assertThat(summary.latencyMs().p99()).isPositive();
		JsonNode json = new ObjectMapper().readTree(options.json().toFile());
		assertThat(json.path("answered").asLong()).isEqualTo(48);
		assertThat(json.path("outcomes").path("rejected").asLong()).isEqualTo(summary.outcomes().get("rejected"));
	}

}
