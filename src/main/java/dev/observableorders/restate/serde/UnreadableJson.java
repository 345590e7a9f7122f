package dev.observableorders.restate.serde;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What was wrong with a JSON body, in words a caller can act on: the field's path, what
 * it must be and what kind of value came instead, never Jackson's class names or the
 * caller's own text (a field name is repeated only when it is a plain word).
 */
final class UnreadableJson {

	private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

	/** Jackson names the token it met: "(token `JsonToken.START_ARRAY`)". */
	private static final Pattern TOKEN = Pattern.compile("JsonToken\\.([A-Z_]+)");

	/**
	 * Jackson names the scalar it would not take: "Cannot coerce String value", "... to
	 * deserialize from String value".
	 */
	private static final Pattern COERCED = Pattern
		.compile("(?:Cannot coerce|deserialize from) (String|Integer|Floating-point|Boolean) value");

	private UnreadableJson() {
	}

	static String describe(JsonProcessingException ex) {
		if (ex instanceof UnrecognizedPropertyException unknown) {
			String name = PLAIN_NAME.matcher(unknown.getPropertyName()).matches()
					? "unknown field \"" + unknown.getPropertyName() + "\"" : "an unknown field";
			String known = unknown.getKnownPropertyIds()
				.stream()
				.map(String::valueOf)
				.sorted()
				.collect(Collectors.joining(", "));
			return name + "; the fields are " + known;
		}
		if (ex instanceof MismatchedInputException mismatch) {
			return where(mismatch) + " must be " + kind(mismatch.getTargetType()) + got(mismatch);
		}
		if (ex instanceof JsonParseException && ex.getLocation() != null) {
			return "the body is not valid JSON (line " + ex.getLocation().getLineNr() + ", column "
					+ ex.getLocation().getColumnNr() + ")";
		}
		return "the body is not valid JSON";
	}

	private static String where(JsonMappingException ex) {
		if (ex.getPath().isEmpty()) {
			return "the body";
		}
		StringBuilder path = new StringBuilder();
		for (JsonMappingException.Reference reference : ex.getPath()) {
			if (reference.getFieldName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String kind(Class<?> type) {
		if (type == null) {
			return "another kind of value";
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
			return "a number";
		}
		if (type == String.class) {
			return "a string";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "a list";
		}
		if (Temporal.class.isAssignableFrom(type)) {
			return "an ISO-8601 timestamp";
		}
		return "an object";
	}

	/**
	 * The kind of value that came instead, from what Jackson recorded: the token it met,
	 * the type of a scalar it refused to coerce, or the value it could not parse. The
	 * value itself is never repeated.
	 */
	private static String got(MismatchedInputException ex) {
		if (ex instanceof InvalidFormatException invalid && invalid.getValue() != null) {
			return ", got " + ((invalid.getValue() instanceof Number) ? "a number" : "a string");
		}
		String message = String.valueOf(ex.getOriginalMessage());
		Matcher token = TOKEN.matcher(message);
		if (token.find()) {
			String kind = switch (JsonToken.valueOf(token.group(1))) {
				case VALUE_STRING -> "a string";
				case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
				case VALUE_TRUE, VALUE_FALSE -> "true or false";
				case VALUE_NULL -> "null";
				case START_ARRAY, END_ARRAY -> "a list";
				case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
				default -> null;
			};
			return (kind != null) ? ", got " + kind : "";
		}
		Matcher coerced = COERCED.matcher(message);
		if (coerced.find()) {
			return ", got " + switch (coerced.group(1)) {
				case "String" -> "a string";
				case "Boolean" -> "true or false";
				default -> "a number";
			};
		}
		return "";
	}

}
