# Ray tracer: a Vec class with operator methods, spheres and a plane, point lights, reflection.
import math

EPS = 1e-7


class Vec:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    __rmul__ = __mul__

    def __neg__(self):
        return Vec(-self.x, -self.y, -self.z)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def cross(self, o):
        return Vec(self.y * o.z - self.z * o.y, self.z * o.x - self.x * o.z, self.x * o.y - self.y * o.x)

    def length(self):
        return math.sqrt(self.dot(self))

    def norm(self):
        n = self.length()
        return Vec(self.x / n, self.y / n, self.z / n)

    def mul_each(self, o):
        return Vec(self.x * o.x, self.y * o.y, self.z * o.z)

    def __repr__(self):
        return "Vec(%r, %r, %r)" % (self.x, self.y, self.z)


BLACK = Vec(0.0, 0.0, 0.0)


class Ray:
    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction.norm()

    def at(self, t):
        return self.origin + self.direction * t


class Material:
    def __init__(self, color, diffuse=0.8, specular=0.3, shininess=30, reflect=0.0, checker=False):
        self.color = color
        self.diffuse = diffuse
        self.specular = specular
        self.shininess = shininess
        self.reflect = reflect
        self.checker = checker

    def color_at(self, point):
        if not self.checker:
            return self.color
        if (math.floor(point.x) + math.floor(point.z)) % 2 == 0:
            return self.color
        return self.color * 0.3


class Shape:
    def __init__(self, material):
        self.material = material

    def intersect(self, ray):
        raise NotImplementedError

    def normal_at(self, point):
        raise NotImplementedError


class Sphere(Shape):
    def __init__(self, center, radius, material):
        super().__init__(material)
        self.center = center
        self.radius = radius

    def intersect(self, ray):
        oc = ray.origin - self.center
        b = oc.dot(ray.direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0.0:
            return None
        root = math.sqrt(disc)
        t = -b - root
        if t > EPS:
            return t
        t = -b + root
        if t > EPS:
            return t
        return None

    def normal_at(self, point):
        return (point - self.center).norm()


class Plane(Shape):
    def __init__(self, point, normal, material):
        super().__init__(material)
        self.point = point
        self.normal = normal.norm()

    def intersect(self, ray):
        denom = self.normal.dot(ray.direction)
        if abs(denom) < EPS:
            return None
        t = (self.point - ray.origin).dot(self.normal) / denom
        return t if t > EPS else None

    def normal_at(self, point):
        return self.normal


class Light:
    def __init__(self, position, color):
        self.position = position
        self.color = color


class Scene:
    def __init__(self, shapes, lights, ambient):
        self.shapes = shapes
        self.lights = lights
        self.ambient = ambient

    def nearest(self, ray):
        best_t = None
        best = None
        for shape in self.shapes:
            t = shape.intersect(ray)
            if t is not None and (best_t is None or t < best_t):
                best_t = t
                best = shape
        return best, best_t

    def shadowed(self, point, light):
        to_light = light.position - point
        dist = to_light.length()
        ray = Ray(point, to_light)
        for shape in self.shapes:
            t = shape.intersect(ray)
            if t is not None and t < dist:
                return True
        return False

    def trace(self, ray, depth):
        shape, t = self.nearest(ray)
        if shape is None:
            # sky gradient
            k = 0.5 * (ray.direction.y + 1.0)
            return Vec(0.6, 0.7, 0.9) * k + Vec(1.0, 1.0, 1.0) * (0.2 * (1.0 - k))
        point = ray.at(t)
        normal = shape.normal_at(point)
        if normal.dot(ray.direction) > 0.0:
            normal = -normal
        mat = shape.material
        base = mat.color_at(point)
        color = base.mul_each(self.ambient)
        for light in self.lights:
            if self.shadowed(point + normal * 1e-4, light):
                continue
            ldir = (light.position - point).norm()
            lambert = normal.dot(ldir)
            if lambert > 0.0:
                color = color + base.mul_each(light.color) * (lambert * mat.diffuse)
                half = (ldir - ray.direction).norm()
                spec = normal.dot(half)
                if spec > 0.0:
                    color = color + light.color * (mat.specular * spec ** mat.shininess)
        if mat.reflect > 0.0 and depth < 3:
            d = ray.direction
            refl = d - normal * (2.0 * d.dot(normal))
            bounce = self.trace(Ray(point + normal * 1e-4, refl), depth + 1)
            color = color * (1.0 - mat.reflect) + bounce * mat.reflect
        return color


class Camera:
    def __init__(self, eye, look_at, up, fov, width, height):
        self.eye = eye
        self.width = width
        self.height = height
        forward = (look_at - eye).norm()
        right = forward.cross(up).norm()
        self.up = right.cross(forward)
        self.right = right
        self.forward = forward
        self.half = math.tan(math.radians(fov) / 2.0)
        self.aspect = width / height

    def ray_for(self, px, py):
        sx = (2.0 * (px + 0.5) / self.width - 1.0) * self.half * self.aspect
        sy = (1.0 - 2.0 * (py + 0.5) / self.height) * self.half
        d = self.forward + self.right * sx + self.up * sy
        return Ray(self.eye, d)


def clamp_byte(v):
    if v <= 0.0:
        return 0
    if v >= 1.0:
        return 255
    return int(v * 255.0 + 0.5)


def build_scene():
    shapes = [
        Plane(Vec(0.0, 0.0, 0.0), Vec(0.0, 1.0, 0.0), Material(Vec(0.9, 0.9, 0.9), reflect=0.2, checker=True)),
        Sphere(Vec(0.0, 1.0, 0.0), 1.0, Material(Vec(0.9, 0.2, 0.2), reflect=0.4, shininess=50)),
        Sphere(Vec(-2.2, 0.7, 1.0), 0.7, Material(Vec(0.2, 0.8, 0.3), reflect=0.1)),
        Sphere(Vec(2.0, 0.6, -0.5), 0.6, Material(Vec(0.2, 0.3, 0.9), reflect=0.6, shininess=80)),
        Sphere(Vec(0.8, 0.35, 1.8), 0.35, Material(Vec(0.9, 0.8, 0.2), specular=0.6)),
    ]
    lights = [
        Light(Vec(-5.0, 8.0, 6.0), Vec(0.8, 0.8, 0.8)),
        Light(Vec(6.0, 5.0, 2.0), Vec(0.4, 0.35, 0.3)),
    ]
    return Scene(shapes, lights, Vec(0.12, 0.12, 0.15))


def render(width, height):
    scene = build_scene()
    cam = Camera(Vec(0.0, 2.2, 6.5), Vec(0.0, 0.8, 0.0), Vec(0.0, 1.0, 0.0), 50.0, width, height)
    checksum = 0
    totals = [0, 0, 0]
    rows = []
    for py in range(height):
        row = []
        for px in range(width):
            c = scene.trace(cam.ray_for(px, py), 0)
            r, g, b = clamp_byte(c.x), clamp_byte(c.y), clamp_byte(c.z)
            totals[0] += r
            totals[1] += g
            totals[2] += b
            checksum = (checksum * 31 + (r << 16 | g << 8 | b)) % 1000000007
            row.append((r + g + b) // 3)
        rows.append(row)
    # a tiny ASCII thumbnail digest: 32 columns x 16 rows
    shades = " .:-=+*#%@"
    art = []
    for by in range(0, height, height // 16):
        line = ""
        for bx in range(0, width, width // 32):
            v = rows[by][bx]
            line += shades[v * len(shades) // 256]
        art.append(line)
    return checksum, totals, art


checksum, totals, art = render(320, 240)
print("\n".join(art))
print("rgb totals", totals)
print("checksum", checksum)
