/**
 * Pebble templates for config files, rendered per host.
 *
 * <p>{@link dev.muster.files.template.Templates#load} parses a template (and what it includes) once,
 * up front; {@link dev.muster.files.template.TemplateSource#render} renders it for a host with the
 * variables described in {@link dev.muster.files.template.TemplateVariables}, asking a
 * {@link dev.muster.files.template.FactSource} for {@link dev.muster.files.template.Facts} only if the
 * template reads them. The {@link dev.muster.files.template.RenderedFile} holds the real content and a
 * redacted text; {@link dev.muster.files.template.TextDiff} makes unified diffs that never show a
 * secret.
 */
package dev.muster.files.template;
