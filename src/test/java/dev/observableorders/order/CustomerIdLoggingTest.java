package dev.observableorders.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Customer ids are a person's data: logs and spans mask them unless told not to. */
class CustomerIdLoggingTest {

	@Test
	void logFieldsShowOnlyTheEndsOfACustomerIdByDefault() {
		CustomerIdLogging masked = new CustomerIdLogging(true);

		assertThat(masked.field("customer-42")).isEqualTo("cu•••42");
		assertThat(masked.field("c-1")).isEqualTo("•••");
		assertThat(masked.field("evil\nline")).as("not a plain identifier: no field at all").isNull();
		assertThat(masked.field(null)).isNull();
	}

	@Test
	void unmaskedOnlyWhenConfigured() {
		assertThat(new CustomerIdLogging(false).field("customer-42")).isEqualTo("customer-42");
		assertThat(new CustomerIdLogging(false).field("evil\nline")).isNull();
	}

}
