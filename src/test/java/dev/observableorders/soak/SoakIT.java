package dev.observableorders.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observableorders.soak.FaultSchedule.Kind;
import dev.observableorders.support.LoadBalancer;
import dev.observableorders.support.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The short soak of issue 18 in every build: the real cluster, every kind of fault at
 * least once, then the checker. Each build draws a new seed, so that over many builds the
 * checker meets many schedules; the seed is printed first, and {@code -Dsoak.seed=N}
 * replays one. docs/soak.md holds the long run.
 */
class SoakIT {

	@Test
	void everyKindOfFaultOnceLosesDoublesAndMisreportsNothing() throws Exception {
		LoadBalancer.require();
		PrometheusServer.require("prometheus");
		Path report = Path.of("target/soak-ci.md");
		long seed = Long.getLong("soak.seed", ThreadLocalRandom.current().nextLong(1, 100_000));
		System.out.println("SoakIT: seed " + seed + "; replay it with ./mvnw verify -Dit.test=SoakIT -Dsoak.seed="
				+ seed + " (or tools/soak --duration 255s --seed " + seed + " --rate 10 --drain 60s)");
		// 255 s: on a starved two-core machine a replica restarts in up to 50 s and the
		// service lane then stays quiet as long; 195 s left no room for the whole-service
		// fault after that (seen twice on 2026-12-03)
		Soak.Result result = Soak.run(Soak.Options.parse("--duration", "255s", "--seed", String.valueOf(seed), "--rate",
				"10", "--drain", "60s", "--output", report.toString()), System.out);

		assertThat(result.injected()).extracting((fault) -> fault.fault().kind())
			.as("faults played")
			.contains(Kind.values());
		assertThat(result.calls()).as("calls").hasSizeGreaterThan(500);
		assertThat(result.violations()).as("the checker's violations (seed %d); the report is %s", seed, report)
			.isEmpty();
		assertThat(Files.readString(report)).contains("**Verdict: passed");
	}

}
