package dev.observableorders.restate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.restate.serde.jackson.JacksonSerdeFactory;

/**
 * The JSON the Restate SDK reads and writes for a component (its input, output, state and
 * step results). Components opt in with
 * {@code @CustomSerdeFactory(JsonSerdeFactory.class)}.
 *
 * <p>
 * Differences from the SDK's default: instants are ISO-8601 strings (the default writes
 * epoch decimals), and scalars are not coerced, so {@code "total": "12"} is rejected
 * rather than guessed at. Unknown fields stay an error, so a misspelt field never passes
 * silently.
 */
public final class JsonSerdeFactory extends JacksonSerdeFactory {

	public JsonSerdeFactory() {
		super(JsonMapper.builder()
			.addModule(new JavaTimeModule())
			.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build());
	}

}
