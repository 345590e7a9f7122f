package dev.observableorders.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link ServiceTest}'s shared settings and a test's own reach the service together: the
 * tests that use both would mostly pass without either (a service on 9090, slower
 * retries), so this one says it.
 */
@ServiceTest
@TestPropertySource(properties = { "orders.refund-max-delay=7s", "orders.active-refresh=300ms" })
class ServiceTestSettingsTest {

	@Autowired
	Environment environment;

	@Test
	void aTestsOwnSettingsAddToTheSharedOnesAndWinWhereTheyMeet() {
		assertThat(this.environment.getProperty("restate.sdk.http.port")).isEqualTo("0");
		assertThat(this.environment.getProperty("orders.payment.initial-delay")).isEqualTo("20ms");
		assertThat(this.environment.getProperty("orders.refund-max-delay")).isEqualTo("7s");
		assertThat(this.environment.getProperty("orders.active-refresh")).isEqualTo("300ms");
	}

}
