package dev.observableorders.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Customer ids are user data: the pages mask them unless told not to. */
class PagesPropertiesTest {

	private static PagesProperties masking(boolean mask) {
		return new PagesProperties("", "", 10_000, "", "order-service", mask, false, Duration.ofSeconds(1), 4);
	}

	@Test
	void aMaskedCustomerIdKeepsItsFirstAndLastTwoCharacters() {
		assertThat(masking(true).customer("customer-42")).isEqualTo("cu•••42");
	}

	@Test
	void aShortCustomerIdIsMaskedWhole() {
		assertThat(masking(true).customer("cust-1")).isEqualTo("•••");
	}

	@Test
	void unmaskedCustomerIdsAreShownWhole() {
		assertThat(masking(false).customer("customer-42")).isEqualTo("customer-42");
	}

	@Test
	void linksAreBuiltFromTheirTemplates() {
		PagesProperties properties = new PagesProperties("http://jaeger:16686/trace/{traceId}",
				"http://logs/search?q=orderId:{orderId}", 10_000, "", "order-service", true, false,
				Duration.ofSeconds(1), 4);

		assertThat(properties.traceLinkFor("abc")).isEqualTo("http://jaeger:16686/trace/abc");
		assertThat(properties.logLinkFor("order-1")).isEqualTo("http://logs/search?q=orderId:order-1");
		assertThat(masking(true).traceLinkFor("abc")).isNull();
	}

}
