// GET|POST /api/auth/* — Auth.js sign-in, callbacks, session and sign-out endpoints
export { GET, POST } from "@/lib/http/auth-handlers";
