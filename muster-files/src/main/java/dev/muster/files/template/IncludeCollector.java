package dev.muster.files.template;

import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.AbstractNodeVisitor;
import io.pebbletemplates.pebble.extension.NodeVisitorFactory;
import io.pebbletemplates.pebble.node.ExtendsNode;
import io.pebbletemplates.pebble.node.ImportNode;
import io.pebbletemplates.pebble.node.IncludeNode;
import io.pebbletemplates.pebble.node.expression.Expression;
import io.pebbletemplates.pebble.node.expression.LiteralStringExpression;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records, for each template Pebble compiles, the names it includes, extends or imports when they
 * are written as string literals. {@link Templates} compiles those too before any host is rendered,
 * so a syntax error in an included file is bad input up front rather than a failure on every host.
 */
final class IncludeCollector extends AbstractExtension {
    private final Map<String, List<String>> referenced = new ConcurrentHashMap<>();

    /** Literal names referenced by the template called {@code name}, as written. */
    List<String> referencedBy(String name) {
        return referenced.getOrDefault(name, List.of());
    }

    @Override
    public List<NodeVisitorFactory> getNodeVisitors() {
        return List.of(template -> {
            PebbleTemplateImpl impl = (PebbleTemplateImpl) template;
            List<String> names = new ArrayList<>();
            referenced.put(impl.getName(), names);
            return new Visitor(impl, names);
        });
    }

    private static final class Visitor extends AbstractNodeVisitor {
        private final List<String> names;

        Visitor(PebbleTemplateImpl template, List<String> names) {
            super(template);
            this.names = names;
        }

        @Override
        public void visit(IncludeNode node) {
            add(node.getIncludeExpression());
        }

        @Override
        public void visit(ExtendsNode node) {
            add(node.getParentExpression());
        }

        @Override
        public void visit(ImportNode node) {
            add(node.getImportExpression());
        }

        private void add(Expression<?> expression) {
            if (expression instanceof LiteralStringExpression literal) {
                names.add(literal.getValue());
            }
        }
    }
}
