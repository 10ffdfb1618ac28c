// Every REST route the stand-in serves; the server checks each against the OpenAPI subset.
import type { RouteDef } from '../route-types.js';
import { appRoutes } from './apps.js';
import { checkRoutes } from './checks.js';
import { deploymentRoutes } from './deployments.js';
import { issueRoutes } from './issues.js';
import { pullRoutes } from './pulls.js';
import { repoRoutes } from './repos.js';

export const ALL_ROUTES: RouteDef[] = [...appRoutes, ...repoRoutes, ...pullRoutes, ...checkRoutes, ...issueRoutes, ...deploymentRoutes];
