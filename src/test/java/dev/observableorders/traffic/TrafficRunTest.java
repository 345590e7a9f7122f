package dev.observableorders.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observableorders.support.RestateServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrafficRunTest {

	@Test
	void countsEveryAnswerItDidNotExpectAndSaysWhy() throws InterruptedException {
		URI nothingListens = URI.create("http://127.0.0.1:" + RestateServer.freePort());
		TrafficOptions options = new TrafficOptions(nothingListens, 5, null, 2, 0, OrderMix.ALL_VALID, "down", null,
				Duration.ofSeconds(2), false);

		TrafficSummary summary = new TrafficRun(options).run(new PrintStream(new ByteArrayOutputStream()));

		assertThat(summary.answered()).isEqualTo(5);
		assertThat(summary.unexpected()).isEqualTo(5);
		assertThat(summary.unexpectedSamples()).isNotEmpty()
			.allSatisfy((sample) -> assertThat(sample).contains("cannot connect to " + nothingListens));
		assertThat(summary.text()).contains("5 unexpected answers");
	}

}
