package dev.observableorders.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrafficOptionsTest {

	@Test
	void parsesEveryOption() {
		TrafficOptions options = TrafficOptions.parse("--url", "http://restate:8080", "--duration", "2m",
				"--concurrency", "64", "--rate", "250", "--mix", "valid=90,invalid=5,resubmit=5", "--id-prefix",
				"run-7", "--json", "out.json", "--timeout", "500ms", "--quiet");

		assertThat(options.url()).hasToString("http://restate:8080");
		assertThat(options.orders()).isZero();
		assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
		assertThat(options.concurrency()).isEqualTo(64);
		assertThat(options.rate()).isEqualTo(250);
		assertThat(options.mix()).isEqualTo(new OrderMix(90, 5, 5));
		assertThat(options.idPrefix()).isEqualTo("run-7");
		assertThat(options.json()).hasToString("out.json");
		assertThat(options.timeout()).isEqualTo(Duration.ofMillis(500));
		assertThat(options.progress()).isFalse();
	}

	@Test
	void defaultsToAThousandValidOrdersWithADistinctIdPrefix() {
		TrafficOptions options = TrafficOptions.parse();

		assertThat(options.orders()).isEqualTo(1000);
		assertThat(options.mix()).isEqualTo(OrderMix.ALL_VALID);
		assertThat(options.idPrefix()).startsWith("load-");
	}

	@Test
	void badOptionsSayWhatToSendInstead() {
		assertThatIllegalArgumentException().isThrownBy(() -> TrafficOptions.parse("--concurrency", "0"))
			.withMessage("--concurrency must be 1 to 10000, got 0");
		assertThatIllegalArgumentException().isThrownBy(() -> TrafficOptions.parse("--orders", "many"))
			.withMessage("Invalid value for option '--orders': 'many' is not a long");
		assertThatIllegalArgumentException().isThrownBy(() -> TrafficOptions.parse("--duration", "5x"))
			.withMessage(
					"Invalid value for option '--duration': '5x' is not a duration; write e.g. 500ms, 30s, 2m or 1h");
		assertThatIllegalArgumentException().isThrownBy(() -> TrafficOptions.parse("--orders", "5", "--duration", "1m"))
			.withMessage("Give --orders or --duration, not both");
		assertThatIllegalArgumentException().isThrownBy(() -> TrafficOptions.parse("--mix", "valid=90"))
			.withMessageContaining("add up to 100");
		assertThatIllegalArgumentException().isThrownBy(() -> TrafficOptions.parse("--mix", "good=100"))
			.withMessageContaining("valid, invalid and resubmit");
		assertThatIllegalArgumentException().isThrownBy(() -> TrafficOptions.parse("--id-prefix", "a/b"))
			.withMessageContaining("--id-prefix may hold only");
		assertThatIllegalArgumentException().isThrownBy(() -> TrafficOptions.parse("--orders"))
			.withMessage("Missing required parameter for option '--orders' (N)");
		assertThatIllegalArgumentException().isThrownBy(() -> TrafficOptions.parse("--speed"))
			.withMessage("Unknown option: '--speed'");
		assertThatIllegalArgumentException().isThrownBy(() -> TrafficOptions.parse("--url", "localhost:8080"))
			.withMessage("Invalid value for option '--url': 'localhost:8080' is not an http:// or https:// address"
					+ " with a host, e.g. http://localhost:8080");
	}

	@Test
	void everyHundredRequestsHoldTheMixExactly() {
		OrderMix mix = new OrderMix(90, 5, 5);

		assertThat(IntStream.range(200, 300).mapToObj(mix::kindOf)).filteredOn(OrderMix.Kind.INVALID::equals)
			.hasSize(5);
		assertThat(IntStream.range(200, 300).mapToObj(mix::kindOf)).filteredOn(OrderMix.Kind.RESUBMIT::equals)
			.hasSize(5);
	}

}
