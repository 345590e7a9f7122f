package dev.observableorders.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServicePollersTest {

	@Test
	void stretchesEveryShippedIntervalByTheNumberOfVariantsSharingTheMachine() {
		assertThat(ServicePollers.shipped("orders.active-refresh")).isEqualTo(Duration.ofSeconds(15));
		assertThat(ServicePollers.shipped("restate.deployment.check-interval")).isEqualTo(Duration.ofSeconds(5));
		assertThat(ServicePollers.shipped("orders.orphan-refresh")).isEqualTo(Duration.ofMinutes(1));
		assertThat(ServicePollers.settings(3)).containsExactly("--orders.active-refresh=45000ms",
				"--orders.orphan-refresh=180000ms", "--restate.deployment.check-interval=15000ms");
	}

	@Test
	void refusesAPollerThatTheShippedConfigurationDoesNotName() {
		assertThatIllegalStateException().isThrownBy(() -> ServicePollers.shipped("orders.no-such-refresh"))
			.withMessageContaining("orders.no-such-refresh");
	}

}
