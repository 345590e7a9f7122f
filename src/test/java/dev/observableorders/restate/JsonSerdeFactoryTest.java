package dev.observableorders.restate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.restate.common.Slice;
import dev.restate.serde.Serde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonSerdeFactoryTest {

	record Stamped(String id, Instant at, Double amount) {
	}

	private final Serde<Stamped> serde = new JsonSerdeFactory().create(Stamped.class);

	@Test
	void instantsAreIsoStringsBothWays() {
		Stamped value = new Stamped("a", Instant.parse("2026-11-23T10:15:30.123456789Z"), 1.5);

		String json = new String(this.serde.serialize(value).toByteArray(), StandardCharsets.UTF_8);

		assertThat(json).isEqualTo("{\"id\":\"a\",\"at\":\"2026-11-23T10:15:30.123456789Z\",\"amount\":1.5}");
		assertThat(this.serde.deserialize(Slice.wrap(json))).isEqualTo(value);
	}

	@Test
	void unknownFieldIsAnError() {
		assertThatThrownBy(() -> this.serde.deserialize(Slice.wrap("{\"id\":\"a\",\"extra\":1}")))
			.hasMessageContaining("Unrecognized field \"extra\"");
	}

	@Test
	void quotedNumberIsNotCoerced() {
		assertThatThrownBy(() -> this.serde.deserialize(Slice.wrap("{\"amount\":\"12\"}")))
			.hasMessageContaining("Cannot coerce String value");
	}

}
