package dev.tributary.infra.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation YAML template into plain maps and lists, with each short-form intrinsic function
 * ({@code !Ref x}, {@code !Sub …}, {@code !GetAtt a.b}) turned into its long form ({@code {"Ref": "x"}},
 * {@code {"Fn::Sub": …}}, {@code {"Fn::GetAtt": ["a", "b"]}}), as CloudFormation itself reads it.
 */
public final class CfnYaml {

    private static final List<String> FUNCTIONS = List.of(
            "Base64",
            "Cidr",
            "FindInMap",
            "GetAtt",
            "GetAZs",
            "ImportValue",
            "Join",
            "Select",
            "Split",
            "Sub",
            "Transform",
            "If",
            "Equals",
            "Not",
            "And",
            "Or",
            "Length",
            "ToJsonString",
            "ForEach");

    private CfnYaml() {}

    /**
     * @throws org.yaml.snakeyaml.error.YAMLException if the text is not YAML or uses an unknown tag
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(new IntrinsicConstructor(options)).load(text);
        if (!(document instanceof Map)) {
            throw new IllegalArgumentException("Cannot read the template because it is not a YAML mapping");
        }
        return (Map<String, Object>) document;
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String name;

            Intrinsic(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Object argument;
                if (node instanceof ScalarNode scalar) {
                    String value = constructScalar(scalar);
                    // !GetAtt Resource.Attribute is the one short form whose scalar is really a list.
                    argument = name.equals("Fn::GetAtt")
                            ? List.of(value.substring(0, value.indexOf('.')), value.substring(value.indexOf('.') + 1))
                            : value;
                } else if (node instanceof SequenceNode sequence) {
                    argument = new ArrayList<>(constructSequence(sequence));
                } else {
                    argument = new LinkedHashMap<>(constructMapping((MappingNode) node));
                }
                Map<String, Object> function = new LinkedHashMap<>();
                function.put(name, argument);
                return function;
            }
        }
    }
}
