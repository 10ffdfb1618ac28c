# The ml-guardrails GitHub App (docs/app.md). Untested: docker does not run where this was written.
# Build: docker build -t ml-guardrails-app .
# Run:   docker run -p 3000:3000 -e APP_ID -e WEBHOOK_SECRET -e PRIVATE_KEY_PATH=/run/secrets/app.pem \
#          -v "$PWD/app.pem:/run/secrets/app.pem:ro" ml-guardrails-app
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# No `npm prune --omit=dev`: probot is a devDependency (so that installing the CLI never pulls it),
# and the App needs it (CONTRIBUTING.md, "What is published").
RUN npx tsc -p tsconfig.build.json

FROM node:24-bookworm-slim
# git fetches the pull request's commits; nothing else from the repository is ever run.
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production PORT=3000 LOG_LEVEL=info
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/lib ./lib
COPY package.json app.yml ./
COPY scripts/start-app.sh ./scripts/start-app.sh
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# start-app.sh runs lib/app/main.js under NODE_ENV=production; SIGTERM drains evaluations (ML_GUARDRAILS_DRAIN_MS).
CMD ["bash", "scripts/start-app.sh"]
