import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

// Fastify's own default compilers, resolved from Fastify's location (they are its dependencies, not ours).
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));

type Compiled = ((data: unknown, context?: object) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type RouteCompiler = (route: object) => Compiled;
type Factory = (...args: never[]) => RouteCompiler;

/**
 * Wraps a compiler factory so each route's schema is compiled on the route's first request instead of at start.
 * Compiling every route's validators (Ajv) and response serializers (fast-json-stringify) at start took about
 * half of DeskGate's start-up CPU and a good part of its idle memory (issue 14: restart ≤ 5 s, idle RSS ≤ 120 MB);
 * most routes of a given installation are never called. A wrong schema still fails the test that calls its route.
 */
function lazily(factory: Factory): Factory {
  return (...args) => {
    const compile = factory(...args);
    return (route) => {
      let compiled: Compiled | undefined;
      const run: Compiled = (data, context) => {
        compiled ??= compile(route);
        const result = compiled(data, context);
        // Fastify reads a failed validation's details from the function itself (lib/validation.js).
        run.errors = compiled.errors;
        return result;
      };
      // Fastify passes Ajv functions (they have `schemaEnv`) the request as parent, so that Ajv can replace a
      // coerced root value (a lone string for an array body); without it the string reached the handler.
      run.schemaEnv = true;
      return run;
    };
  };
}

/** Fastify's `schemaController` option: its default Ajv and fast-json-stringify compilers, compiling lazily. */
export function lazySchemaController(): NonNullable<FastifyServerOptions['schemaController']> {
  const ValidatorSelector = fromFastify('@fastify/ajv-compiler') as () => Factory;
  const SerializerSelector = fromFastify('@fastify/fast-json-stringify-compiler') as () => Factory;
  return {
    compilersFactory: {
      buildValidator: lazily(ValidatorSelector()) as never,
      buildSerializer: lazily(SerializerSelector()) as never,
    },
  };
}
