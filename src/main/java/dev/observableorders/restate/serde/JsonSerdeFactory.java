package dev.observableorders.restate.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import dev.restate.common.Slice;
import dev.restate.serde.Serde;
import dev.restate.serde.TypeRef;
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
 * silently. What was unreadable is said in the caller's terms ({@link UnreadableJson}).
 */
public final class JsonSerdeFactory extends JacksonSerdeFactory {

	public JsonSerdeFactory() {
		this(JsonMapper.builder()
			.addModule(new JavaTimeModule())
			.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build());
	}

	private JsonSerdeFactory(ObjectMapper mapper) {
		super(mapper, schemaGenerator(mapper));
	}

	/**
	 * The JSON schemas in the discovery manifest, from which Restate builds each
	 * service's OpenAPI document, describe the wire: enum values as {@code @JsonValue}
	 * writes them (not the Java names), {@link WireRequired} fields required, records
	 * titled by name.
	 */
	private static SchemaGenerator schemaGenerator(ObjectMapper mapper) {
		SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(mapper, SchemaVersion.DRAFT_2020_12,
				OptionPreset.PLAIN_JSON)
			.with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE,
					JacksonOption.RESPECT_JSONPROPERTY_REQUIRED));
		config.forFields()
			.withRequiredCheck((field) -> field.getAnnotationConsideringFieldAndGetter(WireRequired.class) != null);
		config.forTypesInGeneral()
			.withTitleResolver(
					(scope) -> scope.getType().getErasedType().isRecord() ? scope.getSimpleTypeDescription() : null);
		return new SchemaGenerator(config.build());
	}

	@Override
	public <T> Serde<T> create(Class<T> clazz) {
		return explained(super.create(clazz));
	}

	@Override
	public <T> Serde<T> create(TypeRef<T> typeRef) {
		return explained(super.create(typeRef));
	}

	/**
	 * The SDK answers an unreadable input with "Cannot deserialize input: " and the
	 * exception's message; this makes that message one a caller can act on
	 * ({@link UnreadableJson}), instead of Jackson's internals.
	 */
	private static <T> Serde<T> explained(Serde<T> serde) {
		return new Serde<>() {

			@Override
			public Slice serialize(T value) {
				return serde.serialize(value);
			}

			@Override
			public T deserialize(Slice value) {
				try {
					return serde.deserialize(value);
				}
				catch (Exception ex) {
					if (ex instanceof JsonProcessingException unreadable) {
						throw new IllegalArgumentException(UnreadableJson.describe(unreadable));
					}
					throw ex;
				}
			}

			@Override
			public String contentType() {
				return serde.contentType();
			}

			@Override
			public Schema jsonSchema() {
				return serde.jsonSchema();
			}

		};
	}

}
