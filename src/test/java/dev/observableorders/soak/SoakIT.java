package dev.observableorders.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observableorders.soak.FaultSchedule.Kind;
import dev.observableorders.support.LoadBalancer;
import dev.observableorders.support.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The short soak of issue 18 in every build: the real cluster, every kind of fault at
 * least once, then the checker. docs/soak.md holds the long run.
 */
class SoakIT {

	@Test
	void everyKindOfFaultOnceLosesDoublesAndMisreportsNothing() throws Exception {
		LoadBalancer.require();
		PrometheusServer.require("prometheus");
		Path report = Path.of("target/soak-ci.md");
		// 255 s: on a starved two-core machine a replica restarts in up to 50 s and the
		// service lane then stays quiet as long; 195 s left no room for the whole-service
		// fault after that (seen twice on 2026-12-03)
		Soak.Result result = Soak.run(Soak.Options.parse("--duration", "255s", "--seed", "42", "--rate", "10",
				"--drain", "60s", "--output", report.toString()), System.out);

		assertThat(result.injected()).extracting((fault) -> fault.fault().kind())
			.as("faults played")
			.contains(Kind.values());
		assertThat(result.calls()).as("calls").hasSizeGreaterThan(500);
		assertThat(result.violations()).as("the checker's violations; the report is " + report).isEmpty();
		assertThat(Files.readString(report)).contains("**Verdict: passed");
	}

}
