// The browser tests serve the h5 build the way `npm start` does.
export { type StaticServer, serveStatic } from '../../functions/local/static-server';
