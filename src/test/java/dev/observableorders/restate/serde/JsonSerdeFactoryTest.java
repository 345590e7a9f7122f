package dev.observableorders.restate.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.restate.common.Slice;
import dev.restate.serde.Serde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonSerdeFactoryTest {

	record Stamped(String id, Instant at, Double amount, List<String> tags) {
	}

	private final Serde<Stamped> serde = new JsonSerdeFactory().create(Stamped.class);

	@Test
	void instantsAreIsoStringsBothWays() {
		Stamped value = new Stamped("a", Instant.parse("2026-11-23T10:15:30.123456789Z"), 1.5, List.of("x"));

		String json = new String(this.serde.serialize(value).toByteArray(), StandardCharsets.UTF_8);

		assertThat(json)
			.isEqualTo("{\"id\":\"a\",\"at\":\"2026-11-23T10:15:30.123456789Z\",\"amount\":1.5,\"tags\":[\"x\"]}");
		assertThat(this.serde.deserialize(Slice.wrap(json))).isEqualTo(value);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
							unknown field        | {"id":"a","extra":1}          | unknown field "extra"; the fields are amount, at, id, tags
							unknown odd field    | {"id":"a","<b>":1}            | an unknown field; the fields are amount, at, id, tags
							quoted number        | {"amount":"12"}               | amount must be a number, got a string
							list for a string    | {"id":["a"]}                  | id must be a string, got a list
							object in a list     | {"tags":["a",{}]}             | tags[1] must be a string, got an object
					string for a list    | {"tags":"a"}                  | tags must be a list, got a string
							bad instant          | {"at":"yesterday"}            | at must be an ISO-8601 timestamp, got a string
							list for the body    | [1]                           | the body must be an object, got a list
							not JSON             | {"id":                        | the body is not valid JSON (line 1, column 7)
							not a number         | {"amount":NaN}                | the body is not valid JSON (line 1, column 14)
							""")
	void unreadableJsonIsExplainedInTheCallersTermsWithoutEchoingIt(String name, String json, String message) {
		assertThatThrownBy(() -> this.serde.deserialize(Slice.wrap(json))).isInstanceOf(IllegalArgumentException.class)
			.hasMessage(message)
			.hasMessageNotContaining("com.fasterxml")
			.hasMessageNotContaining("<b>");
	}

}
