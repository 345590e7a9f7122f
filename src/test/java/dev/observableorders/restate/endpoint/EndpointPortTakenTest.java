package dev.observableorders.restate.endpoint;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.observableorders.OrdersApplication;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

/**
 * The SDK starter reports UP with nothing listening when its port is taken; this service
 * refuses to start.
 */
class EndpointPortTakenTest {

	@Test
	void serviceFailsToStartWhenTheEndpointPortIsTaken() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
			assertThatThrownBy(() -> SpringApplication.run(OrdersApplication.class,
					"--restate.sdk.http.port=" + taken.getLocalPort(), "--server.port=0"))
				.hasRootCauseInstanceOf(java.net.BindException.class)
				.rootCause()
				.hasMessageContaining("in use");
		}
	}

}
